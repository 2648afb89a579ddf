-- wrk script for benchmarks/wrk_method.py: POST unique contributions, print figures as JSON.
-- Arguments (after --): a run label (the client_ref prefix) and, optionally, a bearer token.
-- GET requests (no label) use wrk's own request; done() prints the same JSON line.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  label = args[1]
  token = args[2]
  sequence = 0
  headers = { ["Content-Type"] = "application/json" }
  if token then
    headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  if not label then
    return wrk.format("GET")
  end
  sequence = sequence + 1
  local ref = string.format("%s-%d-%d", label, thread_number, sequence)
  local body = string.format(
    '{"text": "Meting %s: de oversteek bij de school is te druk in de ochtend.", "client_ref": "%s"}',
    ref, ref)
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"non_2xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
