package io.hetumind.nodes.aws;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** AWS S3's parameters, as n8n's v1 and v2 name them (both versions share them). */
final class AwsS3Descriptor {

    private AwsS3Descriptor() {}

    static NodeDescriptor build(String type) {
        NodeDescriptor.Builder b = NodeDescriptor.builder(type)
                .versions(1, 2)
                .displayName("AWS S3")
                .description("Sends data to AWS S3")
                .group(NodeGroup.HTTP)
                .icon("s3")
                .alias("n8n-nodes-base.awsS3")
                .credential("aws", true)
                .property(PropertySpec.options("resource")
                        .displayName("Resource")
                        .option("bucket", "Bucket")
                        .option("file", "File")
                        .option("folder", "Folder")
                        .defaultValue("file")
                        .noExpression())
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .option("create", "Create", "Create a bucket")
                        .option("delete", "Delete", "Delete a bucket")
                        .option("getAll", "Get Many", "Get many buckets")
                        .option("search", "Search", "Search within a bucket")
                        .defaultValue("create")
                        .noExpression()
                        .showWhen("resource", "bucket"))
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .option("copy", "Copy", "Copy a file")
                        .option("delete", "Delete", "Delete a file")
                        .option("download", "Download", "Download a file")
                        .option("getAll", "Get Many", "Get many files")
                        .option("upload", "Upload", "Upload a file")
                        .defaultValue("download")
                        .noExpression()
                        .showWhen("resource", "file"))
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .option("create", "Create", "Create a folder")
                        .option("delete", "Delete", "Delete a folder")
                        .option("getAll", "Get Many", "Get many folders")
                        .defaultValue("create")
                        .noExpression()
                        .showWhen("resource", "folder"));

        // bucket
        b.property(PropertySpec.string("name")
                .displayName("Name")
                .defaultValue("")
                .required()
                .description("The bucket's name")
                .showWhen("resource", "bucket")
                .showWhen("operation", "create", "delete"));
        b.property(PropertySpec.collection("additionalFields")
                .displayName("Additional Fields")
                .placeholder("Add Field")
                .child(PropertySpec.options("acl")
                        .displayName("ACL")
                        .option("authenticatedRead", "Authenticated Read")
                        .option("Private", "Private")
                        .option("publicRead", "Public Read")
                        .option("publicReadWrite", "Public Read Write")
                        .defaultValue("authenticatedRead")
                        .description("The canned ACL to apply to the bucket"))
                .child(PropertySpec.bool("bucketObjectLockEnabled")
                        .displayName("Bucket Object Lock Enabled")
                        .defaultValue(false))
                .child(grant("grantFullControl", "Grant Full Control"))
                .child(grant("grantRead", "Grant Read"))
                .child(grant("grantReadAcp", "Grant Read ACP"))
                .child(grant("grantWrite", "Grant Write"))
                .child(grant("grantWriteAcp", "Grant Write ACP"))
                .child(PropertySpec.string("region")
                        .displayName("Region")
                        .defaultValue("")
                        .description("Region to create the bucket in; by default the credential's"))
                .showWhen("resource", "bucket")
                .showWhen("operation", "create"));
        bucketName(b, "bucket", "search");
        returnAllAndLimit(b, "bucket", "getAll", "search");
        b.property(PropertySpec.collection("additionalFields")
                .displayName("Additional Fields")
                .placeholder("Add Field")
                .child(PropertySpec.string("delimiter")
                        .displayName("Delimiter")
                        .defaultValue("")
                        .description("A delimiter is a character you use to group keys"))
                .child(PropertySpec.options("encodingType")
                        .displayName("Encoding Type")
                        .option("url", "URL")
                        .defaultValue("url"))
                .child(PropertySpec.bool("fetchOwner")
                        .displayName("Fetch Owner")
                        .defaultValue(false))
                .child(PropertySpec.string("prefix")
                        .displayName("Prefix")
                        .defaultValue("")
                        .description("Limits the response to keys that begin with the specified prefix"))
                .child(requesterPays())
                .child(PropertySpec.string("startAfter")
                        .displayName("Start After")
                        .defaultValue("")
                        .description("List the keys after this one"))
                .showWhen("resource", "bucket")
                .showWhen("operation", "search"));

        // folder
        bucketName(b, "folder", "create", "delete", "getAll");
        b.property(PropertySpec.string("folderName")
                .displayName("Folder Name")
                .defaultValue("")
                .required()
                .showWhen("resource", "folder")
                .showWhen("operation", "create"));
        b.property(PropertySpec.collection("additionalFields")
                .displayName("Additional Fields")
                .placeholder("Add Field")
                .child(PropertySpec.string("parentFolderKey")
                        .displayName("Parent Folder Key")
                        .defaultValue("")
                        .description("Parent folder you want to create the folder in"))
                .child(requesterPays())
                .child(storageClass()
                        // n8n's folder form offers Reduced Redundancy under this misspelt value; it sends
                        // RECUDED_REDUNDANCY, which S3 refuses, and so does this node (n8n's behaviour, kept)
                        .option("RecudedRedundancy", "Reduced Redundancy"))
                .showWhen("resource", "folder")
                .showWhen("operation", "create"));
        b.property(PropertySpec.string("folderKey")
                .displayName("Folder Key")
                .defaultValue("")
                .required()
                .showWhen("resource", "folder")
                .showWhen("operation", "delete"));
        returnAllAndLimit(b, "folder", "getAll");
        listOptions(b, "folder");

        // file
        b.property(PropertySpec.string("sourcePath")
                .displayName("Source Path")
                .defaultValue("")
                .required()
                .placeholder("/bucket/my-image.jpg")
                .description("The source bucket and key, starting with a slash: /bucket/key")
                .showWhen("resource", "file")
                .showWhen("operation", "copy"));
        b.property(PropertySpec.string("destinationPath")
                .displayName("Destination Path")
                .defaultValue("")
                .required()
                .placeholder("/bucket/my-second-image.jpg")
                .description("The destination bucket and key, starting with a slash: /bucket/key")
                .showWhen("resource", "file")
                .showWhen("operation", "copy"));
        b.property(objectFields(PropertySpec.collection("additionalFields")
                        .displayName("Additional Fields")
                        .placeholder("Add Field"))
                .child(directive("metadataDirective", "Metadata Directive"))
                .child(directive("taggingDirective", "Tagging Directive"))
                .showWhen("resource", "file")
                .showWhen("operation", "copy"));
        bucketName(b, "file", "upload", "download", "delete", "getAll");
        b.property(PropertySpec.string("fileName")
                .displayName("File Name")
                .defaultValue("")
                .required()
                .placeholder("hello.txt")
                .showWhen("resource", "file")
                .showWhen("operation", "upload")
                .showWhen("binaryData", false));
        b.property(PropertySpec.string("fileName")
                .displayName("File Name")
                .defaultValue("")
                .description("If not set the binary data filename will be used")
                .showWhen("resource", "file")
                .showWhen("operation", "upload")
                .showWhen("binaryData", true));
        b.property(PropertySpec.bool("binaryData")
                .displayName("Binary File")
                .defaultValue(true)
                .description("Whether the data to upload should be taken from binary field")
                .showWhen("resource", "file")
                .showWhen("operation", "upload"));
        b.property(PropertySpec.string("fileContent")
                .displayName("File Content")
                .defaultValue("")
                .description("The text content of the file to upload")
                .showWhen("resource", "file")
                .showWhen("operation", "upload")
                .showWhen("binaryData", false));
        b.property(PropertySpec.string("binaryPropertyName")
                .displayName("Input Binary Field")
                .defaultValue("data")
                .required()
                .description("The name of the input binary field containing the file to be uploaded")
                .showWhen("resource", "file")
                .showWhen("operation", "upload")
                .showWhen("binaryData", true));
        b.property(objectFields(PropertySpec.collection("additionalFields")
                        .displayName("Additional Fields")
                        .placeholder("Add Field"))
                .child(PropertySpec.string("parentFolderKey")
                        .displayName("Parent Folder Key")
                        .defaultValue("")
                        .description("Parent folder you want to create the file in"))
                .showWhen("resource", "file")
                .showWhen("operation", "upload"));
        b.property(PropertySpec.fixedCollection("tagsUi")
                .displayName("Tags")
                .placeholder("Add Tag")
                .multipleValues()
                .child(PropertySpec.collection("tagsValues")
                        .displayName("Tag")
                        .child(PropertySpec.string("key").displayName("Key").defaultValue(""))
                        .child(PropertySpec.string("value").displayName("Value").defaultValue("")))
                .showWhen("resource", "file")
                .showWhen("operation", "upload"));
        b.property(PropertySpec.string("fileKey")
                .displayName("File Key")
                .defaultValue("")
                .required()
                .showWhen("resource", "file")
                .showWhen("operation", "download", "delete"));
        b.property(PropertySpec.string("binaryPropertyName")
                .displayName("Put Output File in Field")
                .defaultValue("data")
                .required()
                .description("The name of the output binary field to put the file in")
                .showWhen("resource", "file")
                .showWhen("operation", "download"));
        b.property(PropertySpec.collection("options")
                .displayName("Options")
                .placeholder("Add Field")
                .child(PropertySpec.string("versionId")
                        .displayName("Version ID")
                        .defaultValue(""))
                .showWhen("resource", "file")
                .showWhen("operation", "delete"));
        returnAllAndLimit(b, "file", "getAll");
        listOptions(b, "file");
        return b.build();
    }

    private static void bucketName(NodeDescriptor.Builder b, String resource, String... operations) {
        b.property(PropertySpec.string("bucketName")
                .displayName("Bucket Name")
                .defaultValue("")
                .required()
                .showWhen("resource", resource)
                .showWhen("operation", (Object[]) operations));
    }

    private static void returnAllAndLimit(NodeDescriptor.Builder b, String resource, String... operations) {
        b.property(PropertySpec.bool("returnAll")
                .displayName("Return All")
                .defaultValue(false)
                .description("Whether to return all results or only up to a given limit")
                .showWhen("resource", resource)
                .showWhen("operation", (Object[]) operations));
        b.property(PropertySpec.number("limit")
                .displayName("Limit")
                .defaultValue(100)
                .minValue(1)
                .maxValue(500)
                .description("Max number of results to return")
                .showWhen("resource", resource)
                .showWhen("operation", (Object[]) operations)
                .showWhen("returnAll", false));
    }

    private static void listOptions(NodeDescriptor.Builder b, String resource) {
        b.property(PropertySpec.collection("options")
                .displayName("Options")
                .placeholder("Add Field")
                .child(PropertySpec.bool("fetchOwner")
                        .displayName("Fetch Owner")
                        .defaultValue(false))
                .child(PropertySpec.string("folderKey")
                        .displayName("Folder Key")
                        .defaultValue(""))
                .showWhen("resource", resource)
                .showWhen("operation", "getAll"));
    }

    private static PropertySpec.Builder grant(String name, String label) {
        return PropertySpec.bool(name)
                .displayName(label)
                .defaultValue(false)
                .description("Accepted for n8n compatibility; n8n sends it without a grantee, so it grants nothing");
    }

    private static PropertySpec.Builder requesterPays() {
        return PropertySpec.bool("requesterPays")
                .displayName("Requester Pays")
                .defaultValue(false)
                .description("Whether the requester will pay for requests and data transfer");
    }

    private static PropertySpec.Builder storageClass() {
        return PropertySpec.options("storageClass")
                .displayName("Storage Class")
                .option("deepArchive", "Deep Archive")
                .option("glacier", "Glacier")
                .option("intelligentTiering", "Intelligent Tiering")
                .option("onezoneIA", "One Zone IA")
                .option("standard", "Standard")
                .option("standardIA", "Standard IA")
                .defaultValue("standard")
                .description("Amazon S3 storage classes");
    }

    private static PropertySpec.Builder directive(String name, String label) {
        return PropertySpec.options(name)
                .displayName(label)
                .option("copy", "Copy")
                .option("replace", "Replace")
                .noDefault();
    }

    /** The object settings shared by copy and upload. */
    private static PropertySpec.Builder objectFields(PropertySpec.Builder c) {
        return c.child(PropertySpec.options("acl")
                        .displayName("ACL")
                        .option("authenticatedRead", "Authenticated Read")
                        .option("awsExecRead", "AWS Exec Read")
                        .option("bucketOwnerFullControl", "Bucket Owner Full Control")
                        .option("bucketOwnerRead", "Bucket Owner Read")
                        .option("private", "Private")
                        .option("publicRead", "Public Read")
                        .option("publicReadWrite", "Public Read Write")
                        .defaultValue("private")
                        .description("The canned ACL to apply to the object"))
                .child(grant("grantFullControl", "Grant Full Control"))
                .child(grant("grantRead", "Grant Read"))
                .child(grant("grantReadAcp", "Grant Read ACP"))
                .child(grant("grantWriteAcp", "Grant Write ACP"))
                .child(PropertySpec.bool("lockLegalHold")
                        .displayName("Lock Legal Hold")
                        .defaultValue(false))
                .child(PropertySpec.options("lockMode")
                        .displayName("Lock Mode")
                        .option("governance", "Governance")
                        .option("compliance", "Compliance")
                        .noDefault())
                .child(PropertySpec.dateTime("lockRetainUntilDate")
                        .displayName("Lock Retain Until Date")
                        .defaultValue(""))
                .child(requesterPays())
                .child(PropertySpec.options("serverSideEncryption")
                        .displayName("Server Side Encryption")
                        .option("AES256", "AES256")
                        .option("aws:kms", "AWS:KMS")
                        .noDefault())
                .child(PropertySpec.string("serverSideEncryptionContext")
                        .displayName("Server Side Encryption Context")
                        .defaultValue(""))
                .child(PropertySpec.string("encryptionAwsKmsKeyId")
                        .displayName("Server Side Encryption AWS KMS Key ID")
                        .defaultValue(""))
                .child(PropertySpec.string("serversideEncryptionCustomerAlgorithm")
                        .displayName("Server Side Encryption Customer Algorithm")
                        .defaultValue(""))
                .child(PropertySpec.string("serversideEncryptionCustomerKey")
                        .displayName("Server Side Encryption Customer Key")
                        .defaultValue(""))
                .child(PropertySpec.string("serversideEncryptionCustomerKeyMD5")
                        .displayName("Server Side Encryption Customer Key MD5")
                        .defaultValue(""))
                .child(storageClass());
    }
}
