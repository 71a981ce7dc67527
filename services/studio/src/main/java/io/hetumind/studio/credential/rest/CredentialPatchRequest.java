package io.hetumind.studio.credential.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.platform.validation.Text;

/**
 * A partial update; each part left out stays as it is.
 *
 * @param data fields to change: a field left out keeps its value, a field sent as the mask
 *     ({@code "__hetumind_masked__"}) keeps its stored secret, a null resets a field to its default
 * @param sharing replaces the sharing as a whole
 */
public record CredentialPatchRequest(@Text(max = 128) String name, JsonNode data, SharingView sharing) {}
