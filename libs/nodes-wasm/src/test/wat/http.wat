;; fetch: the input is an Extism HTTP request ({"url":…,"method":…,"headers":{…}}); sends it with
;; http_request and outputs "<status> <response body>".
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
  (import "extism:host/env" "http_status_code" (func $http_status_code (result i32)))
  (memory (export "memory") 1)

  (func (export "fetch") (result i32)
    (local $n i64) (local $req i64) (local $i i64) (local $resp i64) (local $len i64)
    (local $out i64) (local $status i32)
    (local.set $n (call $input_length))
    (local.set $req (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $req) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.set $resp (call $http_request (local.get $req) (i64.const 0)))
    (local.set $status (call $http_status_code))
    (if (i64.ne (local.get $resp) (i64.const 0))
      (then (local.set $len (call $length (local.get $resp)))))
    (local.set $out (call $alloc (i64.add (local.get $len) (i64.const 4))))
    ;; three status digits and a space
    (call $store_u8 (local.get $out) (i32.add (i32.const 48) (i32.div_u (local.get $status) (i32.const 100))))
    (call $store_u8 (i64.add (local.get $out) (i64.const 1))
      (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $status) (i32.const 10)) (i32.const 10))))
    (call $store_u8 (i64.add (local.get $out) (i64.const 2))
      (i32.add (i32.const 48) (i32.rem_u (local.get $status) (i32.const 10))))
    (call $store_u8 (i64.add (local.get $out) (i64.const 3)) (i32.const 32))
    (local.set $i (i64.const 0))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $len)))
        (call $store_u8 (i64.add (i64.add (local.get $out) (i64.const 4)) (local.get $i))
          (call $load_u8 (i64.add (local.get $resp) (local.get $i))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $output_set (local.get $out) (i64.add (local.get $len) (i64.const 4)))
    (i32.const 0)))
