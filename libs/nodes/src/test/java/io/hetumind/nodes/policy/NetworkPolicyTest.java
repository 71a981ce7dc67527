package io.hetumind.nodes.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.spi.AddressClass;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every address class a multi-tenant instance refuses, in each spelling a URL can carry, resolved and
 * checked by the policy the nodes use. No connection is made here; numeric forms must not even reach
 * DNS (the resolver fails the test when asked about them).
 */
class NetworkPolicyTest {

    private final List<String> lookups = new ArrayList<>();

    /** A resolver that knows a few test names and records every lookup. */
    private NetworkPolicy.Resolver dns(Map<String, String[]> answers) {
        return host -> {
            lookups.add(host);
            String[] a = answers.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = InetAddress.getByName(a[i]);
            }
            return out;
        };
    }

    private final NetworkPolicy strict = NetworkPolicy.builder()
            .resolver(dns(Map.of(
                    "internal.test", new String[] {"127.0.0.1"},
                    "mixed.test", new String[] {"93.184.216.34", "10.1.2.3"},
                    "public.test", new String[] {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"})))
            .build();

    private AddressClass refused(NetworkPolicy policy, String host) {
        try {
            policy.resolve(host, 80);
        } catch (NetworkRefusedException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.USER);
            return e.addressClass();
        } catch (UnknownHostException e) {
            throw new AssertionError(host + " did not resolve", e);
        }
        throw new AssertionError(host + " was allowed");
    }

    @Test
    void everyInternalIpv4RangeIsRefusedAsItsClass() {
        Map<String, AddressClass> cases = Map.ofEntries(
                Map.entry("127.0.0.1", AddressClass.LOOPBACK),
                Map.entry("127.254.3.4", AddressClass.LOOPBACK),
                Map.entry("10.0.0.5", AddressClass.PRIVATE),
                Map.entry("172.16.0.1", AddressClass.PRIVATE),
                Map.entry("172.31.255.254", AddressClass.PRIVATE),
                Map.entry("192.168.1.1", AddressClass.PRIVATE),
                Map.entry("100.64.0.1", AddressClass.PRIVATE),
                Map.entry("169.254.10.20", AddressClass.LINK_LOCAL),
                Map.entry("169.254.169.254", AddressClass.CLOUD_METADATA),
                Map.entry("169.254.170.2", AddressClass.CLOUD_METADATA),
                Map.entry("100.100.100.200", AddressClass.CLOUD_METADATA),
                Map.entry("0.0.0.0", AddressClass.UNSPECIFIED),
                Map.entry("0.1.2.3", AddressClass.UNSPECIFIED),
                Map.entry("224.0.0.1", AddressClass.MULTICAST),
                Map.entry("239.255.255.250", AddressClass.MULTICAST),
                Map.entry("255.255.255.255", AddressClass.BROADCAST),
                Map.entry("240.0.0.1", AddressClass.RESERVED),
                Map.entry("198.18.0.1", AddressClass.RESERVED),
                Map.entry("192.0.2.10", AddressClass.RESERVED));
        cases.forEach((ip, c) -> assertThat(refused(strict, ip)).as(ip).isEqualTo(c));
        assertThat(lookups).isEmpty();
    }

    @Test
    void everyInternalIpv6RangeAndEveryEmbeddedIpv4FormIsRefused() {
        Map<String, AddressClass> cases = Map.ofEntries(
                Map.entry("::1", AddressClass.LOOPBACK),
                Map.entry("[::1]", AddressClass.LOOPBACK),
                Map.entry("::", AddressClass.UNSPECIFIED),
                Map.entry("fc00::1", AddressClass.PRIVATE),
                Map.entry("fd12:3456:789a::1", AddressClass.PRIVATE),
                Map.entry("fec0::1", AddressClass.PRIVATE),
                Map.entry("fe80::1", AddressClass.LINK_LOCAL),
                Map.entry("fe80::1%1", AddressClass.LINK_LOCAL),
                Map.entry("fd00:ec2::254", AddressClass.CLOUD_METADATA),
                Map.entry("ff02::1", AddressClass.MULTICAST),
                Map.entry("2001:db8::1", AddressClass.RESERVED),
                // IPv4-mapped, in both spellings, and the other IPv6 forms that carry an IPv4 address
                Map.entry("::ffff:127.0.0.1", AddressClass.LOOPBACK),
                Map.entry("[::ffff:7f00:1]", AddressClass.LOOPBACK),
                Map.entry("::ffff:10.0.0.5", AddressClass.PRIVATE),
                Map.entry("::ffff:a9fe:a9fe", AddressClass.CLOUD_METADATA),
                Map.entry("::ffff:169.254.1.1", AddressClass.LINK_LOCAL),
                Map.entry("::ffff:0.0.0.0", AddressClass.UNSPECIFIED),
                Map.entry("::127.0.0.1", AddressClass.LOOPBACK),
                Map.entry("64:ff9b::10.0.0.5", AddressClass.PRIVATE),
                Map.entry("64:ff9b::a9fe:a9fe", AddressClass.CLOUD_METADATA),
                Map.entry("2002:7f00:1::", AddressClass.LOOPBACK),
                Map.entry("2002:c0a8:101::1", AddressClass.PRIVATE));
        cases.forEach((ip, c) -> assertThat(refused(strict, ip)).as(ip).isEqualTo(c));
        assertThat(lookups).isEmpty();
    }

    @Test
    void numericIpv4FormsAreReadLikeInetAtonNotSentToDns() {
        for (String loopback : List.of(
                "2130706433", "0x7f.1", "0x7f000001", "0X7F.0.0.1", "0177.0.0.1", "017700000001", "127.1", "127.0.1")) {
            assertThat(refused(strict, loopback)).as(loopback).isEqualTo(AddressClass.LOOPBACK);
        }
        assertThat(refused(strict, "0xa9.0xfe.0xa9.0xfe")).isEqualTo(AddressClass.CLOUD_METADATA);
        assertThat(refused(strict, "2852039166")).isEqualTo(AddressClass.CLOUD_METADATA);
        assertThat(refused(strict, "3232235777")).isEqualTo(AddressClass.PRIVATE);
        assertThat(refused(strict, "012.0.0.5")).isEqualTo(AddressClass.PRIVATE);
        assertThat(refused(strict, "0")).isEqualTo(AddressClass.UNSPECIFIED);
        assertThat(lookups).isEmpty();
    }

    @Test
    void namesAreResolvedOnceAndEveryAnswerIsChecked() throws Exception {
        assertThat(refused(strict, "internal.test")).isEqualTo(AddressClass.LOOPBACK);
        // one private answer among public ones refuses the name: the client could pick any of them
        assertThat(refused(strict, "mixed.test")).isEqualTo(AddressClass.PRIVATE);
        assertThat(strict.resolve("public.test", 443))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
        assertThat(lookups).containsExactly("internal.test", "mixed.test", "public.test");
        assertThatThrownBy(() -> strict.resolve("nowhere.test", 80)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void localhostIsRefusedThroughTheSystemResolver() {
        NetworkPolicy system = NetworkPolicy.publicOnly();
        assertThat(refused(system, "localhost")).isEqualTo(AddressClass.LOOPBACK);
        assertThat(refused(system, "LOCALHOST.")).isEqualTo(AddressClass.LOOPBACK);
    }

    @Test
    void cloudMetadataNamesAreRefusedWithoutAsking() {
        for (String name :
                List.of("metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata", "instance-data")) {
            assertThat(refused(strict, name)).as(name).isEqualTo(AddressClass.CLOUD_METADATA);
        }
        assertThat(lookups).isEmpty();
    }

    @Test
    void publicAddressesPass() throws Exception {
        for (String ip :
                List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8")) {
            assertThat(strict.resolve(ip, 80)).as(ip).hasSize(1);
        }
    }

    @Test
    void refusalsSayWhatWasRefusedAndNothingMore() {
        assertThatThrownBy(() -> strict.resolve("10.0.0.5", 80))
                .hasMessage("refused to connect to 10.0.0.5 (a private address) — this instance does not allow"
                        + " connections to private networks");
        // for a name, the resolved (internal) address is not revealed
        assertThatThrownBy(() -> strict.resolve("internal.test", 80))
                .hasMessage("refused to connect to internal.test (it resolves to a loopback address) — this instance"
                        + " does not allow connections to the loopback interface");
        NetworkRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(
                NetworkRefusedException.class, () -> strict.resolve("169.254.169.254", 80));
        assertThat(e.by("HTTP Request", 2).getMessage())
                .isEqualTo("HTTP Request refused to connect to 169.254.169.254 (a cloud metadata address) — this"
                        + " instance does not allow connections to cloud metadata endpoints [item 2]");
        assertThat(e.by("HTTP Request", 2).itemIndex()).isEqualTo(2);
    }

    @Test
    void anInstanceAllowsWholeClassesOrSingleRangesButMetadataOnlyByName() throws Exception {
        NetworkPolicy privateOk = NetworkPolicy.builder()
                .allow(AddressClass.PRIVATE, AddressClass.LOOPBACK, AddressClass.LINK_LOCAL)
                .build();
        assertThat(privateOk.resolve("10.0.0.5", 5432)).hasSize(1);
        assertThat(privateOk.resolve("::ffff:192.168.0.1", 80)).hasSize(1);
        assertThat(privateOk.resolve("127.0.0.1", 80)).hasSize(1);
        assertThat(privateOk.resolve("169.254.1.1", 80)).hasSize(1);
        assertThat(refused(privateOk, "169.254.169.254")).isEqualTo(AddressClass.CLOUD_METADATA);
        assertThat(refused(privateOk, "metadata.google.internal")).isEqualTo(AddressClass.CLOUD_METADATA);

        NetworkPolicy ranges = NetworkPolicy.builder()
                .allowRange("10.20.0.0/16")
                .allowRange("127.0.0.1", 8080)
                .allowRange("169.254.0.0/16")
                .allowRange("fd12::/16")
                .build();
        assertThat(ranges.resolve("10.20.3.4", 80)).hasSize(1);
        assertThat(refused(ranges, "10.21.0.1")).isEqualTo(AddressClass.PRIVATE);
        assertThat(ranges.resolve("127.0.0.1", 8080)).hasSize(1);
        assertThatThrownBy(() -> ranges.resolve("127.0.0.1", 8081)).isInstanceOf(NetworkRefusedException.class);
        assertThat(ranges.resolve("fd12:1::5", 80)).hasSize(1);
        assertThat(refused(ranges, "fd13::5")).isEqualTo(AddressClass.PRIVATE);
        assertThat(refused(ranges, "169.254.169.254")).isEqualTo(AddressClass.CLOUD_METADATA);

        assertThatThrownBy(() -> NetworkPolicy.builder().allowRange("intranet.example/8"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetworkPolicy.builder().allowRange("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAPolicyEverythingIsAllowedAsInTheCli() throws Exception {
        NetworkPolicy all = NetworkPolicy.allowAll();
        assertThat(all.allowsEverything()).isTrue();
        for (String host : List.of("127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "0x7f.1", "localhost")) {
            assertThat(all.resolve(host, 80)).as(host).isNotEmpty();
        }
        assertThat(NetworkPolicy.publicOnly().allowsEverything()).isFalse();
    }

    @Test
    void anAddressAClientAlreadyResolvedIsCheckedAsItIs() throws Exception {
        InetAddress loopback = InetAddress.getByAddress("api.test", new byte[] {127, 0, 0, 1});
        assertThatThrownBy(() -> strict.check("api.test", loopback, 443))
                .isInstanceOf(NetworkRefusedException.class)
                .hasMessageStartingWith("refused to connect to api.test (it resolves to a loopback address)");
        strict.check("api.test", InetAddress.getByName("93.184.216.34"), 443);
        NetworkPolicy.builder().allowRange("127.0.0.0/8", 443).build().check("api.test", loopback, 443);
        assertThat(lookups).isEmpty();
    }
}
