package io.lamassu.crypto;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Upstream's subject object ({@code common_name, organization, organization_unit, country, state, locality}). */
public record DistinguishedName(String commonName, String organization, String organizationUnit, String country,
                                String state, String locality) {
    public DistinguishedName {
        commonName = nz(commonName);
        organization = nz(organization);
        organizationUnit = nz(organizationUnit);
        country = nz(country);
        state = nz(state);
        locality = nz(locality);
    }

    public static DistinguishedName ofCommonName(String cn) {
        return new DistinguishedName(cn, "", "", "", "", "");
    }

    public static DistinguishedName from(X500Name name) {
        return new DistinguishedName(first(name, BCStyle.CN), first(name, BCStyle.O), first(name, BCStyle.OU),
                first(name, BCStyle.C), first(name, BCStyle.ST), first(name, BCStyle.L));
    }

    public DistinguishedName withCommonName(String cn) {
        return new DistinguishedName(cn, organization, organizationUnit, country, state, locality);
    }

    /** Attribute order C, ST, L, O, OU, CN (most significant first, as openssl and upstream print them). */
    public X500Name toX500Name() {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        List<Object[]> parts = new ArrayList<>();
        parts.add(new Object[] {BCStyle.C, country});
        parts.add(new Object[] {BCStyle.ST, state});
        parts.add(new Object[] {BCStyle.L, locality});
        parts.add(new Object[] {BCStyle.O, organization});
        parts.add(new Object[] {BCStyle.OU, organizationUnit});
        parts.add(new Object[] {BCStyle.CN, commonName});
        for (Object[] p : parts) {
            if (!((String) p[1]).isEmpty()) {
                b.addRDN((ASN1ObjectIdentifier) p[0], (String) p[1]);
            }
        }
        return b.build();
    }

    private static String first(X500Name name, ASN1ObjectIdentifier oid) {
        RDN[] rdns = name.getRDNs(oid);
        return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
