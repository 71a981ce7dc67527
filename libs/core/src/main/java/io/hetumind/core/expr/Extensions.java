package io.hetumind.core.expr;

import java.util.List;

/**
 * n8n's documented extension methods, written in JavaScript and installed (non-enumerable)
 * on the sandbox's own String, Number, Array, Object and Date prototypes before sealing.
 * Hashing, base64 and number formatting call the Java helpers in {@link Natives}.
 */
final class Extensions {

    private static final String COMMON =
            """
            var __def = function (proto, methods) {
              Object.keys(methods).forEach(function (name) {
                Object.defineProperty(proto, name, { value: methods[name], writable: false, enumerable: false, configurable: false });
              });
            };
            var __fail = function (message) { throw new Error(message); };
            var __stableKey = function (value) {
              if (value === null || typeof value !== 'object') return typeof value + ':' + String(value);
              if (Array.isArray(value)) return '[' + value.map(__stableKey).join(',') + ']';
              return '{' + Object.keys(value).sort().map(function (k) { return k + '=' + __stableKey(value[k]); }).join(',') + '}';
            };
            var __isBlank = function (v) { return v === null || v === undefined || v === ''; };
            """;

    private static final String STRINGS =
            """
            (function () {
              var EMAIL = /[a-zA-Z0-9._%+-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*\\.[a-zA-Z]{2,}/;
              var URL = /(?:https?|ftp):\\/\\/[^\\s/$.?#][^\\s"'<>]*/i;
              var words = function (s) {
                return String(s).replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9\\u00C0-\\u024F]+/).filter(Boolean);
              };
              __def(String.prototype, {
                isEmpty: function () { return String(this).length === 0; },
                isNotEmpty: function () { return String(this).length > 0; },
                isBlank: function () { return String(this).trim().length === 0; },
                extractEmail: function () { var m = String(this).match(EMAIL); return m ? m[0] : undefined; },
                extractUrl: function () { var m = String(this).match(URL); return m ? m[0] : undefined; },
                extractDomain: function () {
                  var s = String(this).trim();
                  var email = s.match(/^[^\\s@]+@([^\\s@]+)$/);
                  if (email) return email[1];
                  var m = s.match(/^(?:[a-z][a-z0-9+.-]*:\\/\\/)?(?:[^@\\/\\s]+@)?([^:\\/\\s?#]+)/i);
                  return m ? m[1].replace(/^www\\./i, '') : undefined;
                },
                extractUrlPath: function () {
                  var m = String(this).match(/^[a-z][a-z0-9+.-]*:\\/\\/[^\\/?#]*([^?#]*)/i);
                  return m ? (m[1] || '/') : undefined;
                },
                isEmail: function () { return new RegExp('^' + EMAIL.source + '$').test(String(this).trim()); },
                isUrl: function () { return /^(?:https?|ftp):\\/\\/[^\\s/$.?#][^\\s]*$/i.test(String(this).trim()); },
                isDomain: function () { return /^(?!-)[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63})*\\.[a-z]{2,}$/i.test(String(this).trim()); },
                isNumeric: function () { var s = String(this).trim(); return s !== '' && isFinite(Number(s)); },
                hash: function (algorithm, encoding) { return __hash(String(this), algorithm, encoding); },
                base64Encode: function () { return __base64(String(this), false); },
                base64Decode: function () { return __base64(String(this), true); },
                removeTags: function () { return String(this).replace(/<[^>]*>?/g, ''); },
                removeMarkdown: function () {
                  return String(this).replace(/```[\\s\\S]*?```/g, '').replace(/`([^`]*)`/g, '$1')
                    .replace(/!?\\[([^\\]]*)\\]\\([^)]*\\)/g, '$1').replace(/^#{1,6}\\s*/gm, '')
                    .replace(/(\\*\\*|__|\\*|_|~~)(.*?)\\1/g, '$2').replace(/^\\s*[-*+>]\\s+/gm, '');
                },
                toTitleCase: function () {
                  return String(this).toLowerCase().replace(/(^|[\\s\\-_(])([a-z\\u00E0-\\u00FF])/g, function (m, p, c) { return p + c.toUpperCase(); });
                },
                toSentenceCase: function () {
                  return String(this).toLowerCase().replace(/(^\\s*|[.!?]\\s+)([a-z\\u00E0-\\u00FF])/g, function (m, p, c) { return p + c.toUpperCase(); });
                },
                toSnakeCase: function () { return words(this).map(function (w) { return w.toLowerCase(); }).join('_'); },
                toKebabCase: function () { return words(this).map(function (w) { return w.toLowerCase(); }).join('-'); },
                toCamelCase: function () {
                  return words(this).map(function (w, i) {
                    w = w.toLowerCase();
                    return i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1);
                  }).join('');
                },
                urlEncode: function (entireString) { return entireString ? encodeURI(String(this)) : encodeURIComponent(String(this)); },
                urlDecode: function (entireString) { return entireString ? decodeURI(String(this)) : decodeURIComponent(String(this)); },
                replaceSpecialChars: function () { return String(this).normalize('NFD').replace(/[\\u0300-\\u036f]/g, ''); },
                quote: function (mark) {
                  var q = mark === undefined ? '"' : String(mark);
                  return q + String(this).split('\\\\').join('\\\\\\\\').split(q).join('\\\\' + q) + q;
                },
                parseJson: function () { return JSON.parse(String(this)); },
                toJsonString: function () { return JSON.stringify(String(this)); },
                toNumber: function () {
                  var n = Number(String(this).trim());
                  if (String(this).trim() === '' || isNaN(n)) __fail("Cannot convert '" + String(this) + "' to a number");
                  return n;
                },
                toFloat: function () {
                  var n = parseFloat(String(this));
                  if (isNaN(n)) __fail("Cannot convert '" + String(this) + "' to a number");
                  return n;
                },
                toInt: function () {
                  var n = parseInt(String(this), 10);
                  if (isNaN(n)) __fail("Cannot convert '" + String(this) + "' to a number");
                  return n;
                },
                toWholeNumber: function () { return String(this).toInt(); },
                toBoolean: function () {
                  var s = String(this).trim().toLowerCase();
                  return !(s === '' || s === 'false' || s === '0' || s === 'no' || s === 'off' || s === 'n');
                },
                toDateTime: function (format) {
                  var s = String(this);
                  if (format !== undefined) return DateTime.fromFormat(s, format);
                  var candidates = [DateTime.fromISO(s), DateTime.fromRFC2822(s)];
                  for (var i = 0; i < candidates.length; i++) if (candidates[i].isValid) return candidates[i];
                  var ms = Date.parse(s);
                  return isNaN(ms) ? DateTime.invalid('cannot parse "' + s + '" as a date') : DateTime.fromMillis(ms);
                },
              });
            })();
            """;

    private static final String NUMBERS =
            """
            __def(Number.prototype, {
              round: function (decimals) { var f = Math.pow(10, decimals || 0); return Math.round(Number(this) * f) / f; },
              floor: function () { return Math.floor(Number(this)); },
              ceil: function () { return Math.ceil(Number(this)); },
              abs: function () { return Math.abs(Number(this)); },
              isEven: function () { return Number(this) % 2 === 0; },
              isOdd: function () { return Math.abs(Number(this) % 2) === 1; },
              isInteger: function () { return Number.isInteger(Number(this)); },
              toBoolean: function () { return Number(this) !== 0; },
              toInt: function () { return Math.trunc(Number(this)); },
              toFloat: function () { return Number(this); },
              format: function (locale, options) {
                var o = options || {};
                return __formatNumber(Number(this), locale, o.minimumFractionDigits, o.maximumFractionDigits, o.style, o.currency);
              },
              toDateTime: function (unit) {
                var n = Number(this);
                switch (unit === undefined ? 'ms' : unit) {
                  case 'ms': return DateTime.fromMillis(n);
                  case 's': return DateTime.fromSeconds(n);
                  case 'us': return DateTime.fromMillis(n / 1000);
                  case 'excel': return DateTime.fromMillis((n - 25569) * 86400000, { zone: 'utc' });
                  default: throw new RangeError('Unknown unit ' + unit + "; use 'ms', 's', 'us' or 'excel'");
                }
              },
            });
            __def(Date.prototype, {
              toDateTime: function () { return DateTime.fromJSDate(this); },
            });
            """;

    static final List<String> SOURCES = List.of(COMMON, STRINGS, NUMBERS, Collections.ARRAYS, Collections.OBJECTS);

    private Extensions() {}
}
