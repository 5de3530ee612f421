#!/usr/bin/env python3
"""One-shot generator of src/main/resources/api/openapi.json's first version from the route list
(`method path role` lines, as Application#routes() reports them). The resource is then edited by
hand; OpenApiCoverageTest keeps it complete. Usage: tools/openapi-skeleton.py routes.txt > out.json"""
import json, re, sys

PAGE_OF = {
 "/api/kms/v1/keys": "Key", "/api/ca/v1/profiles": "Profile", "/api/ca/v1/cas": "CertificateAuthority",
 "/api/ca/v1/cas/{id}/certificates": "Certificate", "/api/ca/v1/cas/{id}/certificates/status/{status}": "Certificate",
 "/api/ca/v1/certificates": "Certificate", "/api/ca/v1/certificates/expiration": "Certificate",
 "/api/ca/v1/certificates/status/{status}": "Certificate", "/api/devmanager/v1/devices": "Device",
 "/api/devmanager/v1/devices/dms/{id}": "Device", "/api/devmanager/v1/devices/{id}/events": "DeviceEventEntry",
 "/api/devmanager/v1/device-groups": "DeviceGroup", "/api/devmanager/v1/device-groups/{id}/devices": "Device",
 "/api/dmsmanager/v1/dms": "Dms", "/api/audit/v1/records": "AuditRecord",
 "/api/alerts/v1/user/{id}/subscriptions/{sub}/deliveries": None,
}
ONE_OF = [
 (r"^/api/ca/v1/cas(/import|/\{id\}(/metadata|/status|/profile|/reissue)?)$", "CertificateAuthority"),
 (r"^/api/ca/v1/profiles(/\{id\})?$", "Profile"),
 (r"^/api/ca/v1/(cas/\{id\}/(certificates/)?sign|cas/\{id\}/certificates/\{sn\}|certificates/(import|\{sn\}(/status|/metadata)?))$", "Certificate"),
 (r"^/api/devmanager/v1/devices(/\{id\}(/metadata|/idslot|/decommission)?)?$", "Device"),
 (r"^/api/dmsmanager/v1/dms(/\{id\}(/metadata)?)?$", "Dms"),
 (r"^/api/devmanager/v1/device-groups(/\{id\})?$", "DeviceGroup"),
 (r"^/api/kms/v1/keys(/import|/\{id\}(/name|/tags|/alias|/aliases|/metadata)?)?$", "Key"),
 (r"^/health(/live|/ready)?$", "Health"),
]
TEXT = {"/metrics": "text/plain", "/api/docs": "text/html"}
BINARY = {"/crl/": "application/pkix-crl", "/api/va/v1/crl/": "application/pkix-crl", "/ca/": "application/pkix-cert"}

def tag(path):
    m = re.match(r"^/api/([a-z]+)/", path)
    if path.startswith("/.well-known/est"): return "EST"
    if path.startswith("/health") or path == "/metrics": return "Operations"
    if path.startswith("/crl") or path.startswith("/ca/") or path.startswith("/api/va"): return "VA"
    if path.startswith("/api/docs") or path == "/api/openapi.json": return "Documentation"
    return {"kms": "KMS", "ca": "CA", "devmanager": "Devices", "dmsmanager": "DMS", "alerts": "Alerts",
            "audit": "Audit"}.get(m.group(1), "Other") if m else "Other"

def op_id(method, path):
    parts = [p.strip("{}") for p in path.strip("/").replace(".well-known/", "").split("/") if p and not re.match(r"v\d", p)]
    words = [method.lower()] + [re.sub(r"[^a-zA-Z0-9]", "_", p) for p in parts[1:] if p != "api"]
    return "_".join(words)

def ref(name): return {"$ref": "#/components/schemas/" + name}

def errors(role, method, has_params, has_body):
    r = {}
    if has_body or method in ("GET",) and has_params: r["400"] = {"$ref": "#/components/responses/BadRequest"}
    if has_body: r["400"] = {"$ref": "#/components/responses/BadRequest"}
    if role != "PUBLIC":
        r["401"] = {"$ref": "#/components/responses/Unauthorized"}
        r["403"] = {"$ref": "#/components/responses/Forbidden"}
    if has_params or has_body: r["404"] = {"$ref": "#/components/responses/NotFound"}
    if method in ("POST", "PUT", "PATCH", "DELETE") and role != "PUBLIC": r["409"] = {"$ref": "#/components/responses/Conflict"}
    if has_body:
        r["413"] = {"$ref": "#/components/responses/PayloadTooLarge"}
        r["415"] = {"$ref": "#/components/responses/UnsupportedMediaType"}
        r["422"] = {"$ref": "#/components/responses/Unprocessable"}
    r["500"] = {"$ref": "#/components/responses/InternalError"}
    return r

paths = {}
for line in open(sys.argv[1]):
    if not line.strip(): continue
    method, path, role = line.split()
    params = re.findall(r"\{([a-z_]+)\}", path)
    op = {"operationId": op_id(method, path), "tags": [tag(path)], "summary": "",
          "x-required-role": role.lower()}
    op["security"] = [] if role == "PUBLIC" else [{"bearerAuth": []}]
    plist = [{"name": p, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 1024}} for p in params]
    success = "200"
    body = None
    if method in ("POST", "PUT", "PATCH") and not path.startswith("/.well-known/est"):
        ctype = "application/json"
        if method == "PATCH" and path.endswith("metadata"):
            body = {"required": True, "content": {"application/json-patch+json": {"schema": ref("JsonPatch")},
                                                  "application/merge-patch+json": {"schema": {"type": "object"}},
                                                  "application/json": {"schema": {}}}}
        else:
            body = {"required": True, "content": {ctype: {"schema": {"type": "object"}}}}
    if path.startswith("/.well-known/est") and method == "POST":
        body = {"required": True, "content": {"application/pkcs10": {"schema": {"type": "string", "description": "base64 DER PKCS#10"}}}}
    extra_success = []
    if method == "POST":
        success = "201"
        if re.search(r"/(verify|profile|bind-identity|simpleenroll|simplereenroll|serverkeygen|subscribe|unsubscribe/\{sub\}|reissue|signature/sign|signature/verify|import)$", path):
            success, extra_success = "200", ["201"]
    if method == "DELETE": success = "204"
    if path.endswith("/decommission"): success = "200"
    if method == "DELETE" and path == "/api/ca/v1/cas/{id}": success, extra_success = "200", ["204"]
    if path.endswith("/est/basic-credential") and method == "PUT": success = "204"
    content = None
    if path in PAGE_OF and method == "GET":
        item = PAGE_OF[path]
        content = {"application/json": {"schema": {"allOf": [ref("Page")], "properties": {"list": {"type": "array", "items": ref(item) if item else {"type": "object"}}}}}}
        plist += [{"$ref": "#/components/parameters/" + p} for p in ("filter", "sort_by", "sort_mode", "page_size", "bookmark")]
    else:
        for rx, name in ONE_OF:
            if re.match(rx, path):
                content = {"application/json": {"schema": ref(name)}}
                break
    for prefix, ct in BINARY.items():
        if path.startswith(prefix): content = {ct: {"schema": {"type": "string", "format": "binary"}}}
    if path in TEXT: content = {TEXT[path]: {"schema": {"type": "string"}}}
    if path.startswith("/.well-known/est"):
        content = {"application/pkcs7-mime": {"schema": {"type": "string", "description": "base64 PKCS#7 certs-only"}}}
    if content is None: content = {"application/json": {"schema": {}}}
    responses = {}
    if success == "204": responses["204"] = {"description": "Done"}
    else: responses[success] = {"description": "OK", "content": content}
    for x in extra_success: responses[x] = {"description": "OK", "content": content}
    responses.update(errors(role, method, bool(params), body is not None))
    if path.startswith("/health"): responses["503"] = {"description": "Not ready", "content": {"application/json": {"schema": ref("Health")}}}
    op["responses"] = responses
    if plist: op["parameters"] = plist
    if body: op["requestBody"] = body
    paths.setdefault(path, {})[method.lower()] = op
print(json.dumps(paths, indent=1))
