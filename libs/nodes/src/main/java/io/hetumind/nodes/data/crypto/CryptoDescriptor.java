package io.hetumind.nodes.data.crypto;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The Crypto node's descriptor: n8n's v1 and v2 parameter names and shapes. */
final class CryptoDescriptor {

    private CryptoDescriptor() {}

    static NodeDescriptor build() {
        PropertySpec.Builder type = PropertySpec.options("type")
                .displayName("Type")
                .description("The hash type to use")
                .defaultValue("MD5")
                .showWhen(PropertySpec.VERSION, 1)
                .showWhen("action", "hash", "hmac");
        Digests.HASH_TYPES.forEach(t -> type.option(t, t));
        PropertySpec.Builder type2 = PropertySpec.options("type")
                .displayName("Type")
                .description("The hash type to use")
                .defaultValue("SHA256")
                .showWhen(PropertySpec.VERSION, 2)
                .showWhen("action", "hash", "hmac");
        Digests.HASH_TYPES.stream().filter(t -> !t.equals("SHA1")).forEach(t -> type2.option(t, t));
        PropertySpec.Builder algorithm = PropertySpec.options("algorithm")
                .displayName("Algorithm Name or ID")
                .description("Digest used with the private key (RSA: PKCS#1 v1.5, EC: ECDSA)")
                .defaultValue("RSA-SHA256")
                .showWhen(PropertySpec.VERSION, 1)
                .showWhen("action", "sign");
        Digests.signNames().forEach(n -> algorithm.option(n, n));
        PropertySpec.Builder algorithm2 = PropertySpec.options("algorithm")
                .displayName("Algorithm Name or ID")
                .description("Digest used with the credential's private key (RSA: PKCS#1 v1.5, EC: ECDSA)")
                .defaultValue("RSA-SHA256")
                .showWhen(PropertySpec.VERSION, 2)
                .showWhen("action", "sign");
        Digests.signNames().stream().filter(n -> !Digests.isMd4(n)).forEach(n -> algorithm2.option(n, n));
        return NodeDescriptor.builder("hetumind.crypto")
                .versions(1, 2)
                .displayName("Crypto")
                .description("Provide cryptographic utilities")
                .group(NodeGroup.DATA)
                .icon("key")
                .alias("n8n-nodes-base.crypto")
                .credential(new io.hetumind.core.spi.CredentialSlot("crypto", true)
                        .showWhen(PropertySpec.VERSION, 2)
                        .showWhen("action", "hmac", "sign"))
                .property(PropertySpec.options("action")
                        .displayName("Action")
                        .option("generate", "Generate", "Generate random string")
                        .option("hash", "Hash", "Hash a text or file in a specified format")
                        .option("hmac", "Hmac", "Hmac a text or file in a specified format")
                        .option("sign", "Sign", "Sign a string using a private key")
                        .defaultValue("hash"))
                .property(PropertySpec.bool("binaryData")
                        .displayName("Binary File")
                        .description("Whether the data to hash should be taken from a binary field")
                        .showWhen("action", "hash", "hmac"))
                .property(PropertySpec.string("binaryPropertyName")
                        .displayName("Binary Property Name")
                        .description("Name of the binary property which contains the input data")
                        .defaultValue("data")
                        .showWhen("action", "hash", "hmac")
                        .showWhen("binaryData", true))
                .property(type)
                .property(type2)
                .property(PropertySpec.string("value")
                        .displayName("Value")
                        .description("The value to hash, hmac or sign")
                        .showWhen("action", "hash", "hmac", "sign")
                        .hideWhen("binaryData", true))
                .property(PropertySpec.string("dataPropertyName")
                        .displayName("Property Name")
                        .description("Name of the property to write the result to (dot notation for nested fields)")
                        .defaultValue("data")
                        .required())
                .property(PropertySpec.options("encoding")
                        .displayName("Encoding")
                        .option("base64", "BASE64")
                        .option("hex", "HEX")
                        .defaultValue("hex")
                        .showWhen("action", "hash", "hmac", "sign"))
                .property(PropertySpec.string("secret")
                        .displayName("Secret")
                        .description("HMAC key (version 2 reads it from the crypto credential's hmacSecret)")
                        .password()
                        .showWhen(PropertySpec.VERSION, 1)
                        .showWhen("action", "hmac"))
                .property(algorithm)
                .property(algorithm2)
                .property(PropertySpec.string("privateKey")
                        .displayName("Private Key")
                        .password()
                        .rows(4)
                        .description("PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC); version 2 reads the crypto"
                                + " credential's signPrivateKey")
                        .showWhen(PropertySpec.VERSION, 1)
                        .showWhen("action", "sign"))
                .property(PropertySpec.options("encodingType")
                        .displayName("Type")
                        .description("Encoding that will be used to generate string")
                        .option("ascii", "ASCII")
                        .option("base64", "BASE64")
                        .option("hex", "HEX")
                        .option("uuid", "UUID")
                        .defaultValue("uuid")
                        .showWhen("action", "generate"))
                .property(PropertySpec.number("stringLength")
                        .displayName("Length")
                        .description("Length of the generated string")
                        .defaultValue(32)
                        .showWhen("action", "generate")
                        .showWhen("encodingType", "ascii", "base64", "hex"))
                .build();
    }
}
