package io.hetumind.nodes.aws;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/**
 * AWS access keys (n8n's {@code aws} credential), with n8n's custom endpoints; {@code forcePathStyle}
 * is Hetumind's addition for S3-compatible stores that want path-style addressing on AWS's own
 * endpoint scheme (a custom S3 endpoint is always addressed path-style, as n8n does).
 */
public final class AwsCredential implements CredentialType {

    static final String[] REGIONS = {
        "af-south-1",
        "ap-east-1",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-7",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ca-central-1",
        "ca-west-1",
        "cn-north-1",
        "cn-northwest-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-gov-east-1",
        "us-gov-west-1",
        "us-west-1",
        "us-west-2"
    };

    public static final CredentialDescriptor DESCRIPTOR = build();

    private static CredentialDescriptor build() {
        PropertySpec.Builder region =
                PropertySpec.options("region").displayName("Region").defaultValue("us-east-1");
        for (String r : REGIONS) {
            region.option(r, r);
        }
        return CredentialDescriptor.of(
                "aws",
                "AWS",
                "AWS access keys (optionally temporary, with a session token) and custom service endpoints.",
                CredentialProperty.plain(region),
                CredentialProperty.plain(PropertySpec.string("accessKeyId")
                        .displayName("Access Key ID")
                        .defaultValue("")),
                CredentialProperty.secret(PropertySpec.string("secretAccessKey")
                        .displayName("Secret Access Key")
                        .defaultValue("")
                        .password()),
                CredentialProperty.plain(PropertySpec.bool("temporaryCredentials")
                        .displayName("Temporary Security Credentials")
                        .defaultValue(false)
                        .description("Support for temporary credentials from AWS STS")),
                CredentialProperty.secret(PropertySpec.string("sessionToken")
                        .displayName("Session Token")
                        .defaultValue("")
                        .password()
                        .showWhen("temporaryCredentials", true)),
                CredentialProperty.plain(PropertySpec.bool("customEndpoints")
                        .displayName("Custom Endpoints")
                        .defaultValue(false)),
                endpoint("rekognitionEndpoint", "Rekognition Endpoint", "https://rekognition.{region}.amazonaws.com"),
                endpoint("lambdaEndpoint", "Lambda Endpoint", "https://lambda.{region}.amazonaws.com"),
                endpoint("snsEndpoint", "SNS Endpoint", "https://sns.{region}.amazonaws.com"),
                endpoint("sesEndpoint", "SES Endpoint", "https://email.{region}.amazonaws.com"),
                endpoint("sqsEndpoint", "SQS Endpoint", "https://sqs.{region}.amazonaws.com"),
                endpoint("s3Endpoint", "S3 Endpoint", "https://s3.{region}.amazonaws.com"),
                endpoint("ssmEndpoint", "SSM Endpoint", "https://ssm.{region}.amazonaws.com"),
                CredentialProperty.plain(PropertySpec.bool("forcePathStyle")
                        .displayName("Force Path Style")
                        .defaultValue(false)
                        .description("Whether S3 requests put the bucket in the path rather than the host name"
                                + " (always so with a custom S3 endpoint)")
                        .showWhen("customEndpoints", true)));
    }

    private static CredentialProperty endpoint(String name, String label, String placeholder) {
        return CredentialProperty.plain(PropertySpec.string(name)
                .displayName(label)
                .defaultValue("")
                .placeholder(placeholder)
                .description("Leave blank to use the default endpoint")
                .showWhen("customEndpoints", true));
    }

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
