-- wrk script: POST a sign-in body (set by run.sh through the environment)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("HETUMIND_BENCH_SIGNIN_BODY")
