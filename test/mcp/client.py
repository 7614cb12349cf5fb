"""A real MCP client for the gateway e2e test (test/e2e/mcp_gateway_test.go).

Connects over streamable HTTP to URL (the gateway's /mcp/{name}), sending
the API key in x-api-key when given, lists the tools and calls add(2, 3)
and whoami, and slow(SLOW) when SLOW (seconds) is given. Prints one JSON line: {"tools": [...], "add": "5", "whoami":
"PORT"}; exits 1 when anything fails, with the error and the HTTP statuses
the client saw (the SDK's error hides a 401) on stderr.
Usage: client.py URL [KEY [SLOW]]
"""

import asyncio
import json
import sys

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client


def text(result):
    if result.is_error:
        raise RuntimeError(f"tool failed: {result.content}")
    return result.content[0].text


STATUSES = []


async def record(response):
    STATUSES.append(response.status_code)


async def main(url, key, slow):
    headers = {"x-api-key": key} if key else {}
    async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(10, read=60),
                                  event_hooks={"response": [record]}) as http:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            tools = await client.list_tools()
            out = {
                "tools": sorted(t.name for t in tools.tools),
                "add": text(await client.call_tool("add", {"a": 2, "b": 3})),
                "whoami": text(await client.call_tool("whoami", {})),
            }
            if slow:
                out["slow"] = text(await client.call_tool("slow", {"seconds": float(slow)}))
    print(json.dumps(out))


if __name__ == "__main__":
    try:
        args = sys.argv[1:] + ["", ""]
        asyncio.run(main(args[0], args[1], args[2]))
    except BaseException as e:  # noqa: BLE001 - the test reads the reason
        print(f"http statuses {STATUSES}: {type(e).__name__}: {e!r}", file=sys.stderr)
        sys.exit(1)
