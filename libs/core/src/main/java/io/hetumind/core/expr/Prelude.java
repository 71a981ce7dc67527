package io.hetumind.core.expr;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ScriptableObject;

/** Runs the JavaScript prelude once, before the shared scope is sealed. */
final class Prelude {

    /** Built-ins that can build huge strings or arrays inside one native call get a size check. */
    private static final String GUARDS =
            """
            (function (max, budget) {
              function tooBig() { throw new RangeError('Result exceeds the size limit of ' + max + ' characters'); }
              var sp = String.prototype, ap = Array.prototype;
              var repeat = sp.repeat, padStart = sp.padStart, padEnd = sp.padEnd, join = ap.join, fill = ap.fill;
              function def(o, name, fn) {
                Object.defineProperty(o, name, { value: fn, writable: false, enumerable: false, configurable: false });
              }
              def(sp, 'repeat', function (n) {
                budget();
                if (String(this).length * Math.max(0, Number(n) || 0) > max) tooBig();
                return repeat.call(this, n);
              });
              def(sp, 'padStart', function (n, s) {
                budget();
                if (Number(n) > max) tooBig();
                return padStart.call(this, n, s);
              });
              def(sp, 'padEnd', function (n, s) {
                budget();
                if (Number(n) > max) tooBig();
                return padEnd.call(this, n, s);
              });
              def(ap, 'join', function (sep) {
                budget();
                if (this.length > max) tooBig();
                return join.call(this, sep);
              });
              def(ap, 'fill', function (v, start, end) {
                budget();
                if (this.length > max) tooBig();
                return fill.call(this, v, start, end);
              });
              // each of these copies its whole string in one native call: budgets are checked first
              ['toUpperCase', 'toLowerCase', 'toLocaleUpperCase', 'toLocaleLowerCase', 'concat', 'replace',
               'replaceAll', 'normalize', 'split'].forEach(function (name) {
                var original = sp[name];
                def(sp, name, function () {
                  budget();
                  return original.apply(this, arguments);
                });
              });
              // iterators and Array.from walk every index of a sparse array in Java, unobserved
              ['keys', 'values', 'entries'].forEach(function (name) {
                var original = ap[name];
                def(ap, name, function () {
                  if (this.length > max) tooBig();
                  return original.call(this);
                });
              });
              var from = Array.from;
              def(Array, 'from', function (items, mapFn, thisArg) {
                if (items != null && typeof items[Symbol.iterator] !== 'function' && items.length > max) tooBig();
                return from.call(Array, items, mapFn, thisArg);
              });
            })(__maxStringLength, __checkBudgets);
            """;

    /**
     * JavaScript's {@code Date} as V8 reads text: V8 also takes an ISO date and time joined by a space ({@code
     * 2022-03-27 01:30}, a local time as with the {@code T}), which Rhino's parser refuses as an invalid date. The
     * constructor and {@code Date.parse} read that form as its {@code T} form; everything else is Rhino's own.
     */
    private static final String DATES =
            """
            (function (global) {
              var NativeDate = global.Date;
              var SPACED = /^\\s*([+-]?\\d{4,6}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)\\s*$/;
              function text(v) {
                if (typeof v === 'string') {
                  var m = SPACED.exec(v);
                  if (m) return m[1] + 'T' + m[2];
                }
                return v;
              }
              function Date(year, month, day, hours, minutes, seconds, ms) {
                if (!(this instanceof Date)) return NativeDate();
                switch (arguments.length) {
                  case 0: return new NativeDate();
                  case 1: return new NativeDate(text(year));
                  case 2: return new NativeDate(year, month);
                  case 3: return new NativeDate(year, month, day);
                  case 4: return new NativeDate(year, month, day, hours);
                  case 5: return new NativeDate(year, month, day, hours, minutes);
                  case 6: return new NativeDate(year, month, day, hours, minutes, seconds);
                  default: return new NativeDate(year, month, day, hours, minutes, seconds, ms);
                }
              }
              Date.prototype = NativeDate.prototype;
              Object.defineProperty(NativeDate.prototype, 'constructor',
                { value: Date, writable: true, enumerable: false, configurable: true });
              ['now', 'UTC'].forEach(function (name) {
                Object.defineProperty(Date, name,
                  { value: NativeDate[name], writable: true, enumerable: false, configurable: true });
              });
              Object.defineProperty(Date, 'parse', { value: function parse(s) { return NativeDate.parse(text(s)); },
                writable: true, enumerable: false, configurable: true });
              Object.defineProperty(global, 'Date', { value: Date, writable: true, enumerable: false, configurable: true });
            })(this);
            """;

    private Prelude() {}

    static void install(Context cx, ScriptableObject global, ExpressionLimits limits) {
        global.defineProperty("__maxStringLength", (double) limits.maxStringLength(), ScriptableObject.DONTENUM);
        global.defineProperty("__checkBudgets", new CheckBudgets(), ScriptableObject.DONTENUM);
        run(cx, global, GUARDS, "prelude-guards");
        run(cx, global, DATES, "prelude-dates");
        for (var source : Extensions.SOURCES) {
            run(cx, global, source, "prelude-extensions");
        }
    }

    /** {@code __checkBudgets()}: the evaluation's budgets, checked from JavaScript. */
    private static final class CheckBudgets extends org.mozilla.javascript.BaseFunction {
        @Override
        public Object call(
                Context cx,
                org.mozilla.javascript.Scriptable scope,
                org.mozilla.javascript.Scriptable thisObj,
                Object[] args) {
            if (cx instanceof SandboxContext sandbox) {
                sandbox.checkBudgets();
            }
            return org.mozilla.javascript.Undefined.instance;
        }
    }

    private static void run(Context cx, ScriptableObject global, String source, String name) {
        cx.evaluateString(global, source, name, 1, null);
    }
}
