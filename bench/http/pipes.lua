-- wrk load on the pipe API (Basic foo:bar). The first argument picks it:
--   create <prefix>  POST a new pipe with a unique id on every request
--   patch-many       PATCH this.data of db/pipes/m-0 … m-999 in turn
--   patch-one        PATCH this.data of db/pipes/bench
--   catalog          GET /v2/catalog (OSB 2.17)
-- done() prints one line: RESULT <requests/s> <p50 ms> <p99 ms> <non-2xx> <socket errors>
local mode, prefix, n = "create", "p", 0  -- tid: a global each thread gets from setup()
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) mode = args[1] or mode; prefix = args[2] or prefix end
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Basic Zm9vOmJhcg=="}
local osb = {["Authorization"] = "Basic Zm9vOmJhcg==", ["X-Broker-API-Version"] = "2.17"}
request = function()
  n = n + 1
  if mode == "catalog" then
    return wrk.format("GET", "/v2/catalog", osb)
  end
  if mode == "create" then
    return wrk.format("POST", "/db/pipes", headers,
      string.format('{"id":"%s-%d-%d","this":{"data":{"K":"v"}}}', prefix, tid, n))
  end
  local path = mode == "patch-many" and string.format("/db/pipes/m-%d", n % 1000) or "/db/pipes/bench"
  return wrk.format("PATCH", path, headers, string.format('{"this":{"data":{"K":"v%d-%d"}}}', tid, n))
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.1f %.1f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
