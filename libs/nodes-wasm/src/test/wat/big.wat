;; Asks for 32 pages (2 MiB) of memory at start.
(module
  (memory (export "memory") 32)
  (func (export "run") (result i32) (i32.const 0)))
