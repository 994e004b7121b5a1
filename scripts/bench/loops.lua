-- loops: twin of loops.csp (same work, same output line).
local mod = 1000000007

local n = 400
local a = {}
for i = 0, n - 1 do a[i] = (i * 7 + 3) % 101 end
local dot = 0
for pass = 0, 249 do
  for i = 0, n - 1 do
    local ai = a[i]
    for j = 0, n - 1 do
      dot = (dot + ai * a[j] + pass) % mod
    end
  end
end

local m = {}
for i = 0, 999999 do
  local k = i % 7919
  m[k] = (m[k] or 0) + i % 1000
end
local hits = 0
for i = 0, 999999 do
  local v = m[i % 10007]
  if v ~= nil then hits = (hits + v) % mod end
end
for k = 0, 7918, 2 do m[k] = nil end
local msum, mlen = 0, 0
for k, v in pairs(m) do
  msum = (msum + k * v) % mod
  mlen = mlen + 1
end

local words, wlen = {}, 0
for i = 0, 99999 do
  local w = "w" .. tostring(i % 997)
  local c = words[w]
  if c == nil then wlen = wlen + 1; c = 0 end
  words[w] = c + 1
end
local wsum = 0
for w, c in pairs(words) do wsum = (wsum + #w * c) % mod end

local parts = {}
for i = 0, 499999 do parts[#parts + 1] = tostring(i % 97) end
local s = table.concat(parts)
local t = ""
for i = 0, 1999 do t = t .. string.char(97 + i % 26) end
local h = 0
for i = 1, #s do h = (h * 31 + string.byte(s, i)) % mod end
for i = 1, #t do h = (h * 31 + string.byte(t, i)) % mod end

print(string.format("%d %d %d %d %d %d %d %d", dot, hits, mlen, msum, wlen, wsum, #s, h))
