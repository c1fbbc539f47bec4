-- wrk script of `make bench`: cycle through the targets of one page (a file written by
-- bench/pages.py, one `METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY` per line), each thread starting at
-- its own place. A POST body's @TOKEN@ becomes a fresh submission_token UUID every time
-- (unique: the thread number and a counter are part of it), so every submit stores a request.
--
--   wrk -t2 -c8 -d15s --latency -s bench/targets.lua http://127.0.0.1:PORT -- FILE

local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  targets = {}
  for line in io.lines(args[1]) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    table.insert(targets, { method, path, cookie, body })
  end
  tid = tid or 0
  index = (tid * 7919) % #targets
  counter = 0
  math.randomseed(os.time() + tid * 104729)
end

local function uuid4()
  counter = counter + 1
  return string.format(
    "%08x-%04x-4%03x-%04x-%02x%010x",
    math.random(0, 0xffffffff), math.random(0, 0xffff), math.random(0, 0xfff),
    math.random(0x8000, 0xbfff), tid % 256, counter
  )
end

request = function()
  index = index % #targets + 1
  local t = targets[index]
  local headers = { ["Cookie"] = t[3] }
  local body = nil
  if t[1] == "POST" then
    body = t[4]:gsub("@TOKEN@", uuid4())
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format(t[1], t[2], headers, body)
end
