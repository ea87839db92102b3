# Median round trip of an MCP server over stdio, after 2 000 warm-up calls: feature_get_by_id back to
# back and after 3 ms idle, then ping the same two ways. Usage:
#   python3 flow-db-bench/scripts/mcp_round_trip.py ./flow-db mcp --db FILE   (FILE must have a feature 7)
import subprocess, sys, time, json, statistics
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
def send(o): p.stdin.write((json.dumps(o)+"\n").encode()); p.stdin.flush()
send({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})
p.stdout.readline(); send({"jsonrpc":"2.0","method":"notifications/initialized"})
def rt(n, idle, method="tools/call"):
    xs=[]
    for i in range(n):
        if idle: time.sleep(idle)
        t=time.perf_counter()
        if method=="ping": send({"jsonrpc":"2.0","id":i+1,"method":"ping"})
        else: send({"jsonrpc":"2.0","id":i+1,"method":"tools/call","params":{"name":"feature_get_by_id","arguments":{"feature_id":7}}})
        p.stdout.readline(); xs.append((time.perf_counter()-t)*1000)
    return statistics.median(xs)
rt(2000, 0)  # warm up
print(f"get_by_id back to back {rt(1000,0):.3f} ms, after 3 ms idle {rt(300,0.003):.3f} ms; ping {rt(1000,0,'ping'):.3f} / {rt(300,0.003,'ping'):.3f} ms")
p.stdin.close(); p.wait()
