package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/**
 * Hetumind's job scheduler: the task-server's URL and an IAM API key ({@code hmk_…}) of the tenant with
 * {@code job:read} and {@code job:write}, exchanged at IAM for a short-lived access token before each node run.
 */
public final class HetumindTaskServerCredential implements CredentialType {

    public static final String TYPE = "hetumindTaskServer";

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            TYPE,
            "Hetumind Task Server",
            "Hetumind's job scheduler: the task-server's URL, the IAM that issued the API key, and an API key of the"
                    + " tenant with job:read and job:write.",
            CredentialProperty.plain(PropertySpec.string("url")
                    .displayName("Task Server URL")
                    .placeholder("http://127.0.0.1:8082")
                    .defaultValue("http://127.0.0.1:8082")
                    .required()),
            CredentialProperty.plain(PropertySpec.string("iamUrl")
                    .displayName("IAM URL")
                    .description("Where the API key is exchanged for an access token (POST /api/v1/auth/api-key)")
                    .placeholder("http://127.0.0.1:8081")
                    .defaultValue("http://127.0.0.1:8081")
                    .required()),
            CredentialProperty.secret(PropertySpec.string("apiKey")
                    .displayName("API Key")
                    .description("An IAM API key (hmk_…) with the permissions job:read and job:write")
                    .required()));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
