#!/usr/bin/env python3
"""Regenerates src/main/resources/api/error-codes.json from the codes the source throws (run from the
repository root). Titles are derived from the codes; edit them in the JSON afterwards if needed, and
keep entries that only a helper's parameter carries in EXTRA. ErrorCatalogueTest checks the result."""
import re,os,json,collections
KIND={'badRequest':400,'notFound':404,'conflict':409,'unprocessable':422,'forbidden':403,'unauthorized':401}
EK={'BAD_REQUEST':400,'UNAUTHORIZED':401,'FORBIDDEN':403,'NOT_FOUND':404,'CONFLICT':409,'PAYLOAD_TOO_LARGE':413,'UNSUPPORTED_MEDIA_TYPE':415,'UNPROCESSABLE':422,'UNAVAILABLE':503,'INTERNAL':500}
found=collections.defaultdict(set)
for root,_,files in os.walk('src/main/java'):
    for f in files:
        if not f.endswith('.java'): continue
        t=open(os.path.join(root,f)).read()
        for m in re.finditer(r'\b(badRequest|notFound|conflict|unprocessable|forbidden|unauthorized)\(\s*"([A-Z0-9_]+)"',t): found[m.group(2)].add(KIND[m.group(1)])
        for m in re.finditer(r'ErrorKind\.([A-Z_]+),\s*"([A-Z0-9_]+)"',t): found[m.group(2)].add(EK[m.group(1)])
        for m in re.finditer(r'write(?:Est)?\(\s*ctx,\s*(\d{3}),\s*"([A-Z0-9_]+)"',t): found[m.group(2)].add(int(m.group(1)))
EXTRA=[('INVALID_CERTIFICATE',400),('INVALID_DEVICE_ID',400),('INVALID_DMS_ID',400),('INVALID_EXTENDED_KEY_USAGE',400),
 ('INVALID_KEY_USAGE',400),('INVALID_MESSAGE',400),('INVALID_PEM',400),('INVALID_PRIVATE_KEY',400),('INVALID_SIGNATURE',400),
 ('EST_CONCURRENT_REENROLLMENT',409)]
for c,s in EXTRA: found[c].add(s)
for c,s in [('BAD_REQUEST',400),('NOT_FOUND',404),('METHOD_NOT_ALLOWED',405),('PAYLOAD_TOO_LARGE',413),('URI_TOO_LONG',414),('HEADERS_TOO_LARGE',431),('INTERNAL_ERROR',500)]:
    found[c].add(s)
def title(c):
    t=c.replace('_',' ').lower()
    for a in ['csr','ca','cas','crl','ocsp','est','dms','json','jwt','kms','url','id','http','https','uri','pem','der','tls','smtp','amqp','rsa','ecdsa','jsonpath']:
        t=re.sub(r'\b'+a+r'\b',a.upper(),t)
    return t[0].upper()+t[1:]
out=[]
for c in sorted(found):
    for s in sorted(found[c]):
        out.append({"code":c,"status":s,"title":title(c)})
json.dump(out,open('src/main/resources/api/error-codes.json','w'),indent=1)
print(len(out))
with open('docs/errors.md','w') as f:
    f.write("# Error codes\n\nEvery error response is `application/problem+json` with `type`, `title`, `status`, `detail`, a stable\n"
            "`code` and `err` (= detail); EST answers `text/plain` with the code in `X-Lamassu-Error-Code`. This table\n"
            "is generated from the one catalogue, `src/main/resources/api/error-codes.json`, which the error mapper\n"
            "(titles), `/api/openapi.json` (`ErrorCode`, `x-error-codes`) and this page share; `ErrorCatalogueTest`\n"
            "keeps the three and the source in step (regenerate with `python3 tools/error-catalogue.py`).\n\n"
            "| Code | HTTP status | Title |\n|---|---|---|\n")
    for e in out:
        f.write("| `%s` | %d | %s |\n" % (e['code'], e['status'], e['title']))
