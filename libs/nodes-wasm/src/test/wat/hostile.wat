;; Plugins that misbehave, one export each.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)

  ;; never returns
  (func (export "spin") (result i32)
    (loop $forever (br $forever))
    (i32.const 0))

  ;; grows its memory until the host refuses, then aborts the way a Rust plugin's allocator does
  (func (export "grow") (result i32)
    (loop $more
      (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
    unreachable)

  ;; allocates 1 MiB blocks in the host's kernel memory forever
  (func (export "hog") (result i32)
    (loop $more
      (drop (call $alloc (i64.const 1048576)))
      (br $more))
    (i32.const 0))

  ;; outputs a 1 MiB block
  (func (export "huge") (result i32)
    (call $output_set (call $alloc (i64.const 1048576)) (i64.const 1048576))
    (i32.const 0))

  ;; traps when the first input byte is 'x', echoes the length otherwise
  (func (export "picky") (result i32)
    (if (i32.eq (call $input_load_u8 (i64.const 0)) (i32.const 120)) (then unreachable))
    (call $output_set (call $alloc (i64.const 0)) (i64.const 0))
    (i32.const 0)))
