;; A plugin that needs WASI: writes a line to stdout with fd_write, then outputs "ok" the Extism way.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello from wasi\n")
  (func (export "run") (result i32)
    (local $out i64)
    ;; one iovec at 0: {ptr 64, len 16}; bytes written go to 16
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (local.set $out (call $alloc (i64.const 2)))
    (call $store_u8 (local.get $out) (i32.const 111))
    (call $store_u8 (i64.add (local.get $out) (i64.const 1)) (i32.const 107))
    (call $output_set (local.get $out) (i64.const 2))
    (i32.const 0)))
