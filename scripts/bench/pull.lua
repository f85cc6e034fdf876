-- wrk script: GET /changes from random cursors (a desk catching up), 100 changes a page.
-- Needs TOKEN and MAXSEQ in the environment (bench-server.sh sets them).
local token = os.getenv("TOKEN")
local maxseq = tonumber(os.getenv("MAXSEQ") or "1000")
math.randomseed(os.time())
request = function()
  local since = math.random(0, math.max(0, maxseq - 100))
  return wrk.format("GET", "/changes?since=" .. since .. "&limit=100",
    { ["Authorization"] = "Bearer " .. token })
end
