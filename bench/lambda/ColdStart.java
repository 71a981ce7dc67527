import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One cold start of the runner as AWS Lambda's managed Java runtime does it: constructs the handler class named in
 * the SAM template ({@code QuarkusStreamHandler}, which boots Quarkus: the S3 client, the stores, the engine with
 * every node type) and calls {@code handleRequest} once with a request that needs no S3 (a bad request). Prints
 * {@code init_ms} (JVM launch to handler constructed) and {@code answer_ms} (JVM launch to the first answer); the
 * launch time comes from the script as {@code -Dbench.launch=<epoch ms>}.
 */
public final class ColdStart {

    public static void main(String[] args) throws Exception {
        long launch = Long.parseLong(System.getProperty("bench.launch", "0"));
        Object handler = Class.forName("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler")
                .getConstructor()
                .newInstance();
        long constructed = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream("[1,2]".getBytes(StandardCharsets.UTF_8));
        handler.getClass()
                .getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class)
                .invoke(handler, in, out, new BenchContext(System.currentTimeMillis() + 300_000));
        long answered = System.currentTimeMillis();
        String answer = out.toString(StandardCharsets.UTF_8);
        if (!answer.contains("\"bad-request\"")) {
            throw new IllegalStateException("unexpected answer: " + answer);
        }
        System.out.printf("init_ms=%d answer_ms=%d%n", constructed - launch, answered - launch);
        System.exit(0); // Quarkus's shutdown is not part of a cold start
    }

    /** The runtime's context: a deadline five minutes out, as a 300 s function timeout gives. */
    record BenchContext(long deadline) implements Context {
        @Override
        public int getRemainingTimeInMillis() {
            return (int) (deadline - System.currentTimeMillis());
        }

        @Override
        public String getAwsRequestId() {
            return "bench";
        }

        @Override
        public String getLogGroupName() {
            return "bench";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "hetumind-runner";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:hetumind-runner";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
