"""Parses an .eml file with Python's standard email parser and prints its headers and decoded body as JSON."""
import email
import email.policy
import email.utils
import json
import sys

with open(sys.argv[1], "rb") as f:
    message = email.message_from_binary_file(f, policy=email.policy.default)

date = email.utils.parsedate_to_datetime(str(message["Date"]))
print(json.dumps({
    "from": str(message["From"]),
    "from_address": message["From"].addresses[0].addr_spec,
    "to": str(message["To"]),
    "subject": str(message["Subject"]),
    "date_iso": date.isoformat(),
    "message_id": str(message["Message-ID"]),
    "content_type": message.get_content_type(),
    "charset": message.get_content_charset(),
    "defects": [type(d).__name__ for d in message.defects],
    "body": message.get_content(),
}))
