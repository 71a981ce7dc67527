package io.hetumind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAllowListTest {

    /** Every name resolves to one public address, so only the host patterns decide. */
    private static final NetworkPolicy PUBLIC = NetworkPolicy.builder()
            .resolver(h -> new InetAddress[] {InetAddress.getByAddress(h, new byte[] {93, (byte) 184, (byte) 216, 34})})
            .build();

    @Test
    void namesWildcardsLiteralsAndPortsDecideWhichHostsPass() throws Exception {
        NetworkPolicy p = PUBLIC.onlyHosts(
                List.of("api.example.com:443", "*.cdn.example.net", "93.184.216.34:8080", "[2001:4860::8888]"),
                "plugin x");
        assertThat(p.restrictsHosts()).isTrue();
        assertThat(p.allowsEverything()).isFalse();
        assertThat(p.resolve("API.Example.com.", 443)).hasSize(1);
        assertThat(p.resolve("img.cdn.example.net", 80)).hasSize(1);
        assertThat(p.resolve("a.b.cdn.example.net", 1)).hasSize(1);
        assertThat(p.resolve("1572395042", 8080)).hasSize(1); // 93.184.216.34 in inet_aton's decimal form
        assertThat(p.resolve("[2001:4860:0:0::8888]", 443)).hasSize(1);

        for (String[] refused : new String[][] {
            {"api.example.com", "80"}, // another port
            {"cdn.example.net", "443"}, // *.domain is below the domain only
            {"evilapi.example.com", "443"},
            {"93.184.216.34", "443"},
            {"example.org", "443"}
        }) {
            assertThatThrownBy(() -> p.resolve(refused[0], Integer.parseInt(refused[1])))
                    .isInstanceOf(NetworkRefusedException.class)
                    .hasMessage("refused to connect to " + refused[0] + " port " + refused[1] + " — plugin x may only"
                            + " connect to the hosts it declares (api.example.com:443, *.cdn.example.net,"
                            + " 93.184.216.34:8080, [2001:4860::8888])");
        }
        // check(), for an address a node is about to connect to (a redirect hop), applies the list too
        assertThatThrownBy(() -> p.check("example.org", InetAddress.getByName("93.184.216.34"), 443))
                .isInstanceOf(NetworkRefusedException.class);
    }

    @Test
    void aNarrowedPolicyKeepsItsAddressRulesAndAnEmptyListRefusesEverything() {
        NetworkPolicy p = NetworkPolicy.publicOnly().onlyHosts(List.of("*"), "plugin y");
        assertThatThrownBy(() -> p.resolve("127.0.0.1", 80)).hasMessageContaining("a loopback address");
        NetworkPolicy none = NetworkPolicy.allowAll().onlyHosts(List.of(), "plugin z");
        assertThatThrownBy(() -> none.resolve("127.0.0.1", 80))
                .hasMessage("refused to connect to 127.0.0.1 port 80 — plugin z may only connect to the hosts it"
                        + " declares (none)");
        assertThatThrownBy(() -> NetworkPolicy.allowAll().onlyHosts(List.of("a.com:99999"), "w"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host pattern 'a.com:99999' has a port out of range");
    }
}
