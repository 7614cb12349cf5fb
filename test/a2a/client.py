"""A real A2A client for the gateway e2e test (test/e2e/a2a_gateway_test.go).

Resolves the agent card below BASE (the gateway's /a2a/{name}) at the A2A
0.3 well-known path, and at the older agent.json, sending the API key in
x-api-key when given; then sends one message/send, "hello", to the card's
url (the gateway) with the a2a-sdk client. Prints one JSON line:
{"name": ..., "url": ..., "legacyURL": ..., "contentType": (the card's),
"reply": "PORT: hello"}; exits 1
when anything fails, with the error and the HTTP statuses the client saw
on stderr.
Usage: client.py BASE [KEY]
"""

import asyncio
import json
import sys
import uuid

import httpx
from a2a.client import A2ACardResolver, ClientConfig, ClientFactory
from a2a.types import Message, Part, Role, TextPart
from a2a.utils.constants import PREV_AGENT_CARD_WELL_KNOWN_PATH

STATUSES = []


async def record(response):
    STATUSES.append(response.status_code)


async def main(base, key):
    headers = {"x-api-key": key} if key else {}
    async with httpx.AsyncClient(headers=headers, timeout=30, event_hooks={"response": [record]}) as http:
        resolver = A2ACardResolver(http, base)
        card = await resolver.get_agent_card()
        legacy = await resolver.get_agent_card(relative_card_path=PREV_AGENT_CARD_WELL_KNOWN_PATH)
        content_type = (await http.get(base + "/.well-known/agent-card.json")).headers.get("content-type")
        client = ClientFactory(ClientConfig(httpx_client=http, streaming=False)).create(card)
        msg = Message(role=Role.user, message_id=str(uuid.uuid4()), parts=[Part(root=TextPart(text="hello"))])
        reply = None
        async for event in client.send_message(msg):
            if isinstance(event, Message):
                reply = event.parts[0].root.text
        print(json.dumps({"name": card.name, "url": card.url, "legacyURL": legacy.url,
                          "contentType": content_type, "reply": reply}))


if __name__ == "__main__":
    try:
        args = sys.argv[1:] + [""]
        asyncio.run(main(args[0], args[1]))
    except BaseException as e:  # noqa: BLE001 - the test reads the reason
        print(f"http statuses {STATUSES}: {type(e).__name__}: {e!r}", file=sys.stderr)
        sys.exit(1)
