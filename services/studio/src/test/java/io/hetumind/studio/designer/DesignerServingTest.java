package io.hetumind.studio.designer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The designer's page, its single-page-app fallback and the cache headers of its files. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class DesignerServingTest {
    static final String INDEX_MARK = "<div id=\"app\">";

    @Test
    void aReloadOfAnAppRouteServesThePage() {
        for (String path : new String[] {"/workflows", "/workflows/abc", "/workflows/abc/versions", "/invite"}) {
            given().accept("text/html,application/xhtml+xml")
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", equalTo("no-cache"))
                    .body(containsString(INDEX_MARK));
        }
        given().accept("text/html").head("/executions").then().statusCode(200).header("Cache-Control", "no-cache");
    }

    @Test
    void apiOpsAndNonHtmlRequestsNeverGetThePage() {
        given().accept("application/json").get("/workflows/abc").then().statusCode(404);
        given().accept("text/html").post("/workflows/abc").then().statusCode(not(200));
        for (String path : new String[] {
            "/api/v1/nothing-here",
            "/q/nothing-here",
            "/ws/nothing",
            "/webhook/nope",
            "/webhook-test/nope",
            "/iam/nothing"
        }) {
            String body = given().accept("text/html").get(path).then().extract().asString();
            assertThat(body).as(path).doesNotContain(INDEX_MARK);
        }
    }

    @Test
    void hashedAssetsAreCachedForAYearAndMissingOnesAre404() {
        String index =
                given().get("/index.html").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("/assets/[A-Za-z0-9._-]+\\.js").matcher(index);
        assertThat(m.find()).as("index.html names a script under /assets/").isTrue();
        given().get(m.group())
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", equalTo(DesignerRoutes.ASSET_CACHE));
        given().accept("text/html")
                .get("/assets/no-such-file-1234.js")
                .then()
                .statusCode(404)
                .header("Cache-Control", nullValue());
    }
}
