package io.lamassu.dms.est;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * One EST call as the service sees it: the DMS (the RFC 7030 label), the bounded request body,
 * the client certificate chain resolved by the HTTP layer (TLS, or a trusted proxy's header),
 * the Authorization header, and the headers and URL the webhook is told about.
 */
record EstRequest(String dmsId, byte[] body, List<X509Certificate> clientChain, String authorization,
                  Map<String, String> headers, String url) {
    EstRequest {
        clientChain = List.copyOf(clientChain);
        headers = Map.copyOf(headers);
    }
}
