#!/usr/bin/env python3
"""Drives the statehub API from its OpenAPI document alone (Python standard library only).

Nothing here knows the hub's URLs or wire format: each call looks its operation up by
operationId in openapi.json and builds the request from what the document says: the path,
the method, a query parameter with JSON content (queries) or a JSON request body
(mutations), the bearer scheme, and where the result sits in the 200 response schema.

    python3 call_hub.py http://127.0.0.1:4000 [token]    # the document from <hub>/openapi.json
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class DocumentClient:
    def __init__(self, base_url, document, token=None):
        self.base_url = base_url.rstrip("/")
        self.document = document
        self.token = token
        self.operations = {}
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                self.operations[operation["operationId"]] = (path, method, operation)

    def _resolve(self, node):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not ref:
            return node
        target = self.document
        for part in ref.lstrip("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return target

    def _result_path(self, operation):
        """The property names leading to the data in the 200 response, e.g. ['result', 'data']."""
        schema = self._resolve(operation["responses"]["200"])["content"]["application/json"]["schema"]
        keys = []
        schema = self._resolve(schema)
        while schema.get("type") == "object" and len(schema.get("required", [])) == 1:
            key = schema["required"][0]
            keys.append(key)
            schema = self._resolve(schema["properties"][key])
        return keys

    def call(self, operation_id, payload=None):
        path, method, operation = self.operations[operation_id]
        url = self.base_url + path
        headers = {"accept": "application/json"}
        data = None
        if self.token and operation.get("security", self.document.get("security")):
            scheme = self.document["components"]["securitySchemes"]["bearerAuth"]
            if scheme["type"] == "http" and scheme["scheme"] == "bearer":
                headers["authorization"] = "Bearer " + self.token
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and "application/json" in parameter.get("content", {}):
                if payload is not None:
                    url += "?" + urllib.parse.urlencode({parameter["name"]: json.dumps(payload)})
        if "requestBody" in operation and payload is not None:
            assert "application/json" in operation["requestBody"]["content"]
            headers["content-type"] = "application/json"
            data = json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(url, data=data, headers=headers, method=method.upper())
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise ApiError(error.code, json.loads(error.read().decode("utf-8"))) from None
        for key in self._result_path(operation):
            body = body[key]
        return body


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    base_url = argv[1]
    token = argv[2] if len(argv) > 2 else None
    with urllib.request.urlopen(base_url.rstrip("/") + "/openapi.json", timeout=30) as response:
        document = json.loads(response.read().decode("utf-8"))
    hub = DocumentClient(base_url, document, token)

    domain = hub.call("domains.upsert", {"slug": "python", "name": "Python callers"})
    repo = hub.call("repos.register", {"name": "py/client", "domain": domain["slug"]})
    again = hub.call("repos.get", {"name": "py/client"})
    assert again == repo, (again, repo)
    try:
        hub.call("repos.get", {"name": "py/no-such-repo"})
        raise AssertionError("repos.get of an unknown repo answered 200")
    except ApiError as error:
        assert error.status == 404 and error.body["error"]["data"]["code"] == "NOT_FOUND", error.body
    print(json.dumps({"domain": domain["slug"], "repo": repo}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
