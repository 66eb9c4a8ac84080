-- wrk script: MPIN logins for the citizen named by MOBILE and MPIN (environment)
wrk.method = "POST"
wrk.body = '{"mobile": "' .. os.getenv("MOBILE") .. '", "mpin": "' .. os.getenv("MPIN") .. '"}'
wrk.headers["Content-Type"] = "application/json"
