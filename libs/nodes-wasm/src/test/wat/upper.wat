;; An Extism plugin written against the raw host contract (what every PDK compiles down to).
;; upper: output = config["prefix"] + UPPERCASE(input) + "#" + call count (a plugin variable, mod 10)
;;        and logs one info line per call.
;; fail:  sets an error message and returns 1.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "prefix")
  (data (i32.const 16) "count")
  (data (i32.const 32) "upper called")
  (data (i32.const 64) "boom: the plugin said no")

  ;; copies len bytes of this module's memory at ptr into a new kernel block
  (func $kstr (param $ptr i32) (param $len i32) (result i64)
    (local $k i64) (local $i i32)
    (local.set $k (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8
          (i64.add (local.get $k) (i64.extend_i32_u (local.get $i)))
          (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $k))

  (func (export "upper") (result i32)
    (local $n i64) (local $p i64) (local $plen i64) (local $out i64) (local $i i64)
    (local $c i32) (local $count i32) (local $v i64)
    (local.set $n (call $input_length))
    (local.set $p (call $config_get (call $kstr (i32.const 0) (i32.const 6))))
    (if (i64.ne (local.get $p) (i64.const 0))
      (then (local.set $plen (call $length (local.get $p)))))
    ;; the call count lives in the variable "count" (one byte)
    (local.set $v (call $var_get (call $kstr (i32.const 16) (i32.const 5))))
    (if (i64.ne (local.get $v) (i64.const 0))
      (then (local.set $count (call $load_u8 (local.get $v)))))
    (local.set $count (i32.add (local.get $count) (i32.const 1)))
    (local.set $v (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $v) (local.get $count))
    (call $var_set (call $kstr (i32.const 16) (i32.const 5)) (local.get $v))

    (local.set $out (call $alloc (i64.add (i64.add (local.get $plen) (local.get $n)) (i64.const 2))))
    (local.set $i (i64.const 0))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $plen)))
        (call $store_u8 (i64.add (local.get $out) (local.get $i))
          (call $load_u8 (i64.add (local.get $p) (local.get $i))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.set $i (i64.const 0))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (local.set $c (call $input_load_u8 (local.get $i)))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))
        (call $store_u8 (i64.add (i64.add (local.get $out) (local.get $plen)) (local.get $i)) (local.get $c))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.set $i (i64.add (i64.add (local.get $out) (local.get $plen)) (local.get $n)))
    (call $store_u8 (local.get $i) (i32.const 35))
    (call $store_u8 (i64.add (local.get $i) (i64.const 1))
      (i32.add (i32.const 48) (i32.rem_u (local.get $count) (i32.const 10))))
    (call $output_set (local.get $out) (i64.add (i64.add (local.get $plen) (local.get $n)) (i64.const 2)))
    (call $log_info (call $kstr (i32.const 32) (i32.const 12)))
    (i32.const 0))

  ;; echoes the input unchanged: the cheapest call, for overhead figures
  (func (export "echo") (result i32)
    (local $n i64) (local $out i64) (local $i i64)
    (local.set $n (call $input_length))
    (local.set $out (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $out) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $output_set (local.get $out) (local.get $n))
    (i32.const 0))

  ;; echo the way the PDKs copy memory: eight bytes per host call, then the tail byte by byte
  (func (export "echo64") (result i32)
    (local $n i64) (local $out i64) (local $i i64)
    (local.set $n (call $input_length))
    (local.set $out (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.gt_u (i64.add (local.get $i) (i64.const 8)) (local.get $n)))
        (call $store_u64 (i64.add (local.get $out) (local.get $i)) (call $input_load_u64 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $next)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $out) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $output_set (local.get $out) (local.get $n))
    (i32.const 0))

  ;; compute-bound: FNV-1a over the input, 1,000 rounds, kept in linear memory; outputs the 8-byte hash
  (func (export "crunch") (result i32)
    (local $n i64) (local $i i64) (local $r i32) (local $h i64) (local $out i64)
    (local.set $n (call $input_length))
    ;; copy the input into linear memory at 1024 (at most 32 KiB)
    (if (i64.gt_u (local.get $n) (i64.const 32768)) (then (local.set $n (i64.const 32768))))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (i32.const 1024) (i32.wrap_i64 (local.get $i))) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.set $h (i64.const 0xcbf29ce484222325))
    (block $rounds
      (loop $round
        (br_if $rounds (i32.ge_u (local.get $r) (i32.const 1000)))
        (local.set $i (i64.const 0))
        (block $done
          (loop $next
            (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
            (local.set $h (i64.mul
              (i64.xor (local.get $h) (i64.load8_u (i32.add (i32.const 1024) (i32.wrap_i64 (local.get $i)))))
              (i64.const 0x100000001b3)))
            (local.set $i (i64.add (local.get $i) (i64.const 1)))
            (br $next)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $round)))
    (local.set $out (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $out) (local.get $h))
    (call $output_set (local.get $out) (i64.const 8))
    (i32.const 0))

  (func (export "fail") (result i32)
    (call $error_set (call $kstr (i32.const 64) (i32.const 24)))
    (i32.const 1))

  ;; not an Extism function: takes an argument
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
