# Times whole MCP sessions of a server over stdio: the initialize answer, one feature_get_by_id
# right after it, and start to exit; 11 sessions, the first not counted. Usage:
#   python3 flow-db-bench/scripts/mcp_time.py ./flow-db mcp --db FILE   (FILE must have a feature 7)
import subprocess, sys, time, json, statistics
cmd = sys.argv[1:]
init = {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}
call = {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"feature_get_by_id","arguments":{"feature_id":7}}}
ti, tc, tt = [], [], []
for run in range(11):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdin.write((json.dumps(init) + "\n").encode()); p.stdin.flush()
    p.stdout.readline(); t1 = time.monotonic()
    p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n' + (json.dumps(call) + "\n").encode()); p.stdin.flush()
    line = p.stdout.readline(); t2 = time.monotonic()
    assert b'"id":2' in line, line
    p.stdin.close(); p.wait(); t3 = time.monotonic()
    if run: ti.append(t1 - t0); tc.append(t2 - t1); tt.append(t3 - t0)
for name, xs in (("initialize", ti), ("first tool call after it", tc), ("whole session", tt)):
    print(f"{name:28s} min {min(xs):.3f}  median {statistics.median(xs):.3f}  max {max(xs):.3f} s  (n={len(xs)})")
