-- wrk script: POST /mutations, each a batch of 10 new people with fresh ids (a desk sending
-- its outbox). Needs TOKEN in the environment (bench-server.sh sets it).
local token = os.getenv("TOKEN")
local counter = 0
local thread_id = 0
setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0xffffffff),
    tid or 0, counter % 0x1000, math.random(0, 0xfff), counter * 7919 + math.random(0, 0xffff))
end
request = function()
  local items = {}
  for i = 1, 10 do
    items[i] = string.format(
      '{"id":"%s","type":"person","op":"upsert","entity_id":"%s","base_version":0,' ..
      '"fields":{"given_name":"Bench","family_name":"Person %d","postcode":"CF10 1AB"}}',
      uuid(), uuid(), counter)
  end
  local body = '{"client_id":"' .. uuid() .. '","mutations":[' .. table.concat(items, ",") .. ']}'
  return wrk.format("POST", "/mutations",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
