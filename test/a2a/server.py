"""A tiny real A2A agent for the gateway e2e test (test/e2e/a2a_gateway_test.go).

JSON-RPC (A2A 0.3, the a2a-sdk) on 127.0.0.1:PORT at /rpc. It answers every
message/send with one agent message, "PORT: TEXT", so the test sees which
agent answered. The card it serves itself is not the one the gateway
serves: that comes from the registry.
Usage: server.py PORT
"""

import sys

import uvicorn
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.apps import A2AStarletteApplication
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.tasks import InMemoryTaskStore
from a2a.types import AgentCapabilities, AgentCard, AgentSkill
from a2a.utils import new_agent_text_message

PORT = int(sys.argv[1])


class Echo(AgentExecutor):
    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        await event_queue.enqueue_event(new_agent_text_message(f"{PORT}: {context.get_user_input()}"))

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        raise RuntimeError("nothing to cancel")


card = AgentCard(
    name="echo", description="echoes", version="1", url=f"http://127.0.0.1:{PORT}/rpc",
    capabilities=AgentCapabilities(streaming=False), default_input_modes=["text/plain"],
    default_output_modes=["text/plain"], skills=[AgentSkill(id="echo", name="echo", description="echoes", tags=[])],
)
handler = DefaultRequestHandler(agent_executor=Echo(), task_store=InMemoryTaskStore())
app = A2AStarletteApplication(agent_card=card, http_handler=handler).build(rpc_url="/rpc")
uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
