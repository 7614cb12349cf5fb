"""A tiny real MCP server for the gateway e2e test (test/e2e/mcp_gateway_test.go).

Streamable HTTP on 127.0.0.1:PORT at /mcp, with three tools: add; whoami,
which answers the port, so the test sees which instance served a call; and
slow, which answers after some seconds (longer than Envoy's default route
timeout of 15 s shows the gateway does not cut an MCP call).
Usage: server.py PORT
"""

import sys

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings

PORT = int(sys.argv[1])
server = MCPServer("weather")


@server.tool()
def add(a: int, b: int) -> int:
    """Adds two integers."""
    return a + b


@server.tool()
def whoami() -> str:
    """Answers the port this server listens on."""
    return str(PORT)


@server.tool()
async def slow(seconds: float) -> str:
    """Answers "done" after the given seconds."""
    await anyio.sleep(seconds)
    return "done"


# Requests come through the gateway with its Host, not the server's: the
# SDK's DNS rebinding check (a browser concern) would refuse them.
server.run("streamable-http", host="127.0.0.1", port=PORT,
           transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))
