#!/usr/bin/env python3
"""Assembles src/main/resources/api/openapi.json: shared parts below + paths from openapi-skeleton.py."""
import json, sys
paths = json.load(open(sys.argv[1]))
def ref(n): return {"$ref": "#/components/schemas/" + n}
def problem(desc): return {"description": desc, "content": {"application/problem+json": {"schema": ref("Problem")}}}
ts = {"type": "string", "format": "date-time"}
dn = {"type": "object", "properties": {k: {"type": "string"} for k in ["common_name", "organization", "organization_unit", "country", "state", "locality"]}}
schemas = {
 "Problem": {"type": "object", "description": "RFC 9457 problem details; `code` is stable (see x-error-codes).",
   "required": ["type", "title", "status", "detail", "code"],
   "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer", "minimum": 400, "maximum": 599},
     "detail": {"type": "string"}, "code": ref("ErrorCode"), "err": {"type": "string"}, "request_id": {"type": "string"}}},
 "Page": {"type": "object", "required": ["list", "next"], "properties": {"list": {"type": "array"},
   "next": {"type": "string", "description": "bookmark of the next page; empty on the last page"}}},
 "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["UP", "DOWN"]}, "checks": {"type": "object"}}},
 "DistinguishedName": dn,
 "KeyMetadata": {"type": "object", "properties": {"type": {"type": "string"}, "bits": {"type": "integer"}}},
 "Certificate": {"type": "object", "required": ["serial_number", "status", "certificate", "subject", "issuer_metadata", "valid_from", "valid_to", "is_ca"],
   "properties": {"serial_number": {"type": "string", "pattern": "^[0-9a-f]+$"}, "subject_key_id": {"type": "string"},
     "authority_key_id": {"type": "string"}, "metadata": {"type": "object"},
     "status": {"type": "string", "enum": ["ACTIVE", "EXPIRED", "REVOKED", "INACTIVE"]},
     "certificate": {"type": "string", "description": "base64 of the PEM certificate (as upstream)"},
     "key_metadata": ref("KeyMetadata"), "subject": dn, "issuer": dn, "valid_from": ts, "valid_to": ts,
     "issuer_metadata": {"type": "object", "properties": {"serial_number": {"type": "string"}, "id": {"type": "string"}, "level": {"type": "integer"}}},
     "revocation_timestamp": ts, "revocation_reason": {"type": "string"}, "type": {"type": "string"},
     "engine_id": {"type": "string"}, "is_ca": {"type": "boolean"}}},
 "CertificateAuthority": {"type": "object", "required": ["id", "serial_number", "certificate", "level"],
   "properties": {"id": {"type": "string"}, "serial_number": {"type": "string"}, "certificate": ref("Certificate"),
     "metadata": {"type": "object"}, "creation_ts": ts, "level": {"type": "integer", "minimum": 0}, "profile_id": {"type": ["string", "null"]}}},
 "Profile": {"type": "object", "required": ["id", "name", "validity"], "properties": {"id": {"type": "string"}, "name": {"type": "string"},
   "validity": {"type": "object", "properties": {"type": {"type": "string"}, "duration": {"type": "string"}, "time": {}}},
   "sign_as_ca": {"type": "boolean"}, "key_usage": {"type": "array", "items": {"type": "string"}},
   "extended_key_usages": {"type": "array", "items": {"type": "string"}}}},
 "Device": {"type": "object", "required": ["id", "dms_owner", "status", "creation_timestamp", "tags", "metadata"],
   "properties": {"id": {"type": "string"}, "dms_owner": {"type": "string"},
     "status": {"type": "string", "enum": ["NO_IDENTITY", "ACTIVE", "RENEWAL_WINDOW", "ABOUT_TO_EXPIRE", "EXPIRED", "REVOKED", "DECOMMISSIONED"]},
     "creation_timestamp": ts, "tags": {"type": "array", "items": {"type": "string"}}, "metadata": {"type": "object"},
     "identity_slot": {"type": ["object", "null"]}, "events": {"type": "array"}}},
 "DeviceEventEntry": {"type": "object", "required": ["id", "device_id", "scope", "timestamp", "type", "description"],
   "properties": {"id": {"type": "string"}, "device_id": {"type": "string"}, "scope": {"type": "string", "enum": ["DEVICE", "SLOT"]},
     "timestamp": ts, "type": {"type": "string"}, "description": {"type": "string"}}},
 "DeviceGroup": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
 "Dms": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "settings": {"type": "object"}, "metadata": {"type": "object"}}},
 "Key": {"type": "object", "required": ["key_id"], "properties": {"key_id": {"type": "string"}, "engine_id": {"type": "string"}}},
 "AuditRecord": {"type": "object", "required": ["id", "timestamp", "actor", "action", "resource", "outcome", "detail", "request_id"],
   "properties": {"id": {"type": "string"}, "timestamp": ts,
     "actor": {"type": "object", "required": ["type", "id"], "properties": {"type": {"type": "string"}, "id": {"type": "string"}}},
     "action": {"type": "string"}, "resource": {"type": "object", "required": ["type", "id"], "properties": {"type": {"type": "string"}, "id": {"type": "string"}}},
     "outcome": {"type": "string", "enum": ["SUCCESS", "FAILURE"]}, "detail": {"type": "string"}, "request_id": {"type": "string"}}},
 "JsonPatch": {"type": "array", "maxItems": 1000, "items": {"type": "object", "required": ["op", "path"],
   "properties": {"op": {"type": "string", "enum": ["add", "remove", "replace", "move", "copy", "test"]}, "path": {"type": "string"}, "value": {}, "from": {"type": "string"}}}},
}
params = {
 "filter": {"name": "filter", "in": "query", "explode": True, "schema": {"type": "array", "maxItems": 50, "items": {"type": "string"}},
   "description": "`field[operator]value`, repeatable, ANDed (README \"Lists\", ADR 0005); JSON fields take `field[jsonpath]<expression>`."},
 "sort_by": {"name": "sort_by", "in": "query", "schema": {"type": "string"}, "description": "a field, or `metadata[jsonpath]$.path`"},
 "sort_mode": {"name": "sort_mode", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
 "page_size": {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 25}},
 "bookmark": {"name": "bookmark", "in": "query", "schema": {"type": "string", "maxLength": 16384}, "description": "the previous page's `next`"},
}
responses = {"BadRequest": problem("Malformed input (INVALID_*, MALFORMED_JSON, ...)"),
 "Unauthorized": problem("Missing or invalid token (MISSING_TOKEN, INVALID_TOKEN, ...)"),
 "Forbidden": problem("The token lacks the role (INSUFFICIENT_ROLE) or HTTPS is required (HTTPS_REQUIRED)"),
 "NotFound": problem("Unknown id (*_NOT_FOUND)"), "Conflict": problem("State conflict (*_ALREADY_EXISTS, *_IN_USE, ...)"),
 "PayloadTooLarge": problem("Body over server.max_body_bytes"), "UnsupportedMediaType": problem("Wrong Content-Type"),
 "Unprocessable": problem("Well-formed but not applicable (PATCH_FAILED, ...)"),
 "InternalError": problem("Unexpected failure: only the request id is returned; the cause is logged")}
ocsp_ok = {"description": "OCSP response (RFC 6960); errors are OCSP statuses, not HTTP errors",
  "content": {"application/ocsp-response": {"schema": {"type": "string", "format": "binary"}}}}
for base in ("/ocsp", "/api/va/ocsp"):
    paths[base] = {"post": {"operationId": "post" + base.replace("/", "_"), "tags": ["VA"], "summary": "OCSP request (DER body)",
        "security": [], "x-required-role": "public",
        "requestBody": {"required": True, "content": {"application/ocsp-request": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {"200": ocsp_ok}}}
    paths[base + "/{request}"] = {"get": {"operationId": "get" + base.replace("/", "_") + "_request", "tags": ["VA"],
        "summary": "OCSP request, base64 DER in the path (RFC 6960 appendix A.1)", "security": [], "x-required-role": "public",
        "parameters": [{"name": "request", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 4096}}],
        "responses": {"200": ocsp_ok}}}
for p, ops in paths.items():
    for m, op in ops.items():
        if not op.get("summary"):
            op["summary"] = m.upper() + " " + p
doc = {"openapi": "3.1.0",
 "info": {"title": "Lamassu (Java) API", "version": "1.0.0",
   "description": "Lamassu-compatible IoT PKI: CAs, KMS, devices, DMS, EST, VA, alerts, audit. Every /api/** route needs a Bearer JWT (`./lamassu token --role admin`) unless its security is empty; `x-required-role` is the least role. Errors are application/problem+json with a stable `code` (x-error-codes lists each code with its status and title; EST errors are text/plain with the code in X-Lamassu-Error-Code). Lists share filters, sorting and keyset bookmarks (README \"Lists\")."},
 "servers": [{"url": "https://localhost:8443", "description": "API and EST (HTTPS)"}, {"url": "http://localhost:8080", "description": "OCSP, CRL, health, metrics (HTTP)"}],
 "tags": [{"name": t} for t in ["CA", "KMS", "Devices", "DMS", "EST", "VA", "Alerts", "Audit", "Operations", "Documentation"]],
 "security": [{"bearerAuth": []}],
 "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
     "estBasic": {"type": "http", "scheme": "basic"}, "mutualTls": {"type": "mutualTLS"}},
   "parameters": params, "responses": responses, "schemas": schemas},
 "paths": dict(sorted(paths.items()))}
json.dump(doc, open("src/main/resources/api/openapi.json", "w"), indent=1)
