package io.hetumind.core.expr;

/** The array and object halves of n8n's extension methods (see {@link Extensions}). */
final class Collections {

    static final String ARRAYS =
            """
            (function () {
              var numbers = function (list, name) {
                return list.map(function (v) {
                  if (typeof v !== 'number') __fail(name + '(): all items must be numbers');
                  return v;
                });
              };
              var dedupe = function (list, keyOf) {
                var seen = new Set();
                return list.filter(function (v) { var k = keyOf(v); if (seen.has(k)) return false; seen.add(k); return true; });
              };
              __def(Array.prototype, {
                first: function () { return this[0]; },
                last: function () { return this[this.length - 1]; },
                isEmpty: function () { return this.length === 0; },
                isNotEmpty: function () { return this.length > 0; },
                sum: function () { return numbers(this, 'sum').reduce(function (a, b) { return a + b; }, 0); },
                min: function () { return this.length ? Math.min.apply(null, numbers(this, 'min')) : undefined; },
                max: function () { return this.length ? Math.max.apply(null, numbers(this, 'max')) : undefined; },
                average: function () { return this.length ? this.sum() / this.length : 0; },
                unique: function (key) {
                  return dedupe(this, key === undefined ? __stableKey : function (v) { return __stableKey(v == null ? v : v[key]); });
                },
                removeDuplicates: function (key) { return this.unique(key); },
                compact: function () { return this.filter(function (v) { return !__isBlank(v); }); },
                pluck: function () {
                  var fields = Array.prototype.slice.call(arguments);
                  return this.filter(function (v) { return v !== null && typeof v === 'object'; }).map(function (v) {
                    if (fields.length === 1) return v[fields[0]];
                    var out = {};
                    fields.forEach(function (f) { if (f in v) out[f] = v[f]; });
                    return out;
                  });
                },
                chunk: function (size) {
                  var n = Math.max(1, Math.floor(size) || 1), out = [];
                  for (var i = 0; i < this.length; i += n) out.push(this.slice(i, i + n));
                  return out;
                },
                randomItem: function () { return this[Math.floor(Math.random() * this.length)]; },
                merge: function (other) {
                  return this.concat(other || []).reduce(function (acc, v) {
                    return v !== null && typeof v === 'object' ? Object.assign(acc, v) : acc;
                  }, {});
                },
                difference: function (other) {
                  var keys = new Set((other || []).map(__stableKey));
                  return this.filter(function (v) { return !keys.has(__stableKey(v)); });
                },
                intersection: function (other) {
                  var keys = new Set((other || []).map(__stableKey));
                  return dedupe(this.filter(function (v) { return keys.has(__stableKey(v)); }), __stableKey);
                },
                union: function (other) { return dedupe(this.concat(other || []), __stableKey); },
                smartJoin: function (keyField, valueField) {
                  return this.reduce(function (acc, v) {
                    if (v !== null && typeof v === 'object' && keyField in v) acc[v[keyField]] = v[valueField];
                    return acc;
                  }, {});
                },
                renameKeys: function () {
                  var pairs = arguments;
                  return this.map(function (v) {
                    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
                    var out = Object.assign({}, v);
                    for (var i = 0; i + 1 < pairs.length; i += 2) {
                      if (pairs[i] in out) { out[pairs[i + 1]] = out[pairs[i]]; delete out[pairs[i]]; }
                    }
                    return out;
                  });
                },
                toJsonString: function () { return JSON.stringify(this); },
              });
            })();
            """;

    static final String OBJECTS =
            """
            __def(Object.prototype, {
              isEmpty: function () { return Object.keys(this).length === 0; },
              isNotEmpty: function () { return Object.keys(this).length > 0; },
              hasField: function (name) { return Object.prototype.hasOwnProperty.call(this, name); },
              removeField: function (name) { var out = Object.assign({}, this); delete out[name]; return out; },
              removeFieldsContaining: function (text) {
                var out = {}, self = this;
                Object.keys(self).forEach(function (k) { if (!(typeof self[k] === 'string' && self[k].indexOf(text) >= 0)) out[k] = self[k]; });
                return out;
              },
              keepFieldsContaining: function (text) {
                var out = {}, self = this;
                Object.keys(self).forEach(function (k) { if (typeof self[k] === 'string' && self[k].indexOf(text) >= 0) out[k] = self[k]; });
                return out;
              },
              keys: function () { return Object.keys(this); },
              values: function () { return Object.values(this); },
              compact: function () {
                var out = {}, self = this;
                Object.keys(self).forEach(function (k) { if (!__isBlank(self[k])) out[k] = self[k]; });
                return out;
              },
              toJsonString: function () { return JSON.stringify(this); },
              urlEncode: function () {
                var self = this;
                return Object.keys(self).map(function (k) {
                  return encodeURIComponent(k) + '=' + encodeURIComponent(self[k] === null || self[k] === undefined ? '' : String(self[k]));
                }).join('&');
              },
              merge: function (other) { return Object.assign({}, other || {}, this); },
            });
            """;

    private Collections() {}
}
