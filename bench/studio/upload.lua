-- wrk script: POST one multipart/form-data upload of HETUMIND_BENCH_UPLOAD_KB KiB (default 64) as field "file",
-- with a text field "name" beside it.
local kb = tonumber(os.getenv("HETUMIND_BENCH_UPLOAD_KB") or "64")
local boundary = "hetumindbench7d1f"
local chunk = string.rep("0123456789abcdef", 64) -- 1 KiB
local parts = {
  "--" .. boundary .. "\r\n",
  'Content-Disposition: form-data; name="name"\r\n\r\nbench\r\n',
  "--" .. boundary .. "\r\n",
  'Content-Disposition: form-data; name="file"; filename="bench.bin"\r\n',
  "Content-Type: application/octet-stream\r\n\r\n",
  string.rep(chunk, kb),
  "\r\n--" .. boundary .. "--\r\n",
}
wrk.method = "POST"
wrk.body = table.concat(parts)
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
