package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live console and the docs page in headless Chromium, as a person uses them. Two processes share
 * RabbitMQ: the first runs the gateway and everything but the pong role, the second only adds the pong
 * consumer — so the pings the page lists travel queue → other process → events fanout → this gateway's
 * console, and stopping the second process is "the pong consumer stops". Screenshots land in
 * {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static TestConfig config;
  private static Vertx front;
  private static Vertx pong;
  private static HttpTestClient http;
  private static String base;
  private Browser browser;

  @BeforeAll
  static void start() {
    config = TestConfig.create().withRabbitMq().withPostgres("console").withAuth();
    front = Vertx.vertx();
    Apps.deployStandalone(front, config.json().put("ping", new JsonObject().put("roles", new JsonArray().add("ping"))));
    pong = Vertx.vertx();
    Apps.deployStandalone(pong, config.jsonWithPort(TestConfig.freePort())
        .put("ping", new JsonObject().put("roles", new JsonArray().add("pong"))));
    http = new HttpTestClient(front, config.httpPort());
    base = "http://127.0.0.1:" + config.httpPort();
  }

  @AfterAll
  static void stop() {
    if (pong != null) {
      Await.result(pong.close());
    }
    if (front != null) {
      Await.result(front.close());
    }
    if (config != null) {
      config.cleanUp();
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = Browser.start();
  }

  @AfterEach
  void closeBrowser(TestInfo test) {
    if (browser != null) {
      browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
      browser.close();
    }
  }

  private WebDriver page() {
    return browser.driver;
  }

  private static WebDriverWait within(WebDriver driver, Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout);
    wait.pollingEvery(Duration.ofMillis(50));
    // the console redraws its lists as news arrives: an element may go stale between two looks
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private void openConsole() {
    page().get(base + "/");
    within(page(), Duration.ofSeconds(15)).until(d -> "UP".equals(serviceState(d, "pong")));
  }

  private static String serviceState(WebDriver driver, String service) {
    return driver.findElements(By.cssSelector("#services li[data-service='" + service + "']")).stream()
        .map(e -> e.getDomAttribute("data-state")).findFirst().orElse(null);
  }

  @Test
  @Order(1)
  void aPingSentFromTheFormIsListedWithinASecond() {
    openConsole();
    String text = "browser ping " + UUID.randomUUID();
    // with the keyboard: type, Enter
    page().findElement(By.id("ping-msg")).sendKeys(text, Keys.ENTER);
    within(page(), Duration.ofSeconds(1)).until(d -> d.findElements(By.cssSelector("#pings li")).stream()
        .anyMatch(li -> li.getText().contains(text)));
    assertThat(page().findElement(By.id("ping-result")).getText()).startsWith("Accepted (202)");
    // both processes report to this gateway's console: their events fan out over RabbitMQ
    within(page(), Duration.ofSeconds(5)).until(d -> d.findElement(By.id("processes")).getText()
        .contains("2 processes"));
    browser.screenshot("console-ping");
  }

  @Test
  @Order(2)
  void onAPhoneThePageFitsItsWidth() {
    page().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    openConsole();
    Object overflow = ((org.openqa.selenium.JavascriptExecutor) page()).executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth;");
    assertThat(((Number) overflow).intValue()).as("pixels wider than the screen").isLessThanOrEqualTo(0);
    browser.screenshot("console-phone");
  }

  @Test
  @Order(3)
  void anOrderPostedWithCurlTurnsStoredOnThePage() {
    openConsole();
    String nick = TestData.nick("buyer");
    HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, "buyer-password-1"));
    assertThat(created.statusCode()).isEqualTo(201);
    int userId = created.bodyAsJsonObject().getInteger("user_id");
    HttpResponse<Buffer> queued = http.signedIn(nick, "buyer-password-1")
        .post("/queue/neworder", TestData.newOrder(userId, 3, 250));
    assertThat(queued.statusCode()).isEqualTo(202);
    String request = queued.bodyAsJsonObject().getString("request_id");
    WebElement status = within(page(), Duration.ofSeconds(20)).until(d -> d.findElements(
        By.cssSelector("#intake tr[data-request='" + request + "'] td.status")).stream()
        .filter(td -> td.getText().equals("STORED")).findFirst().orElse(null));
    assertThat(status.getText()).isEqualTo("STORED");
    // requests per second and p99 of the route it used, within the last minute
    within(page(), Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("#routes tr")).stream()
        .anyMatch(tr -> tr.getText().contains("POST /queue/neworder")));
    // no personal data reached the page
    assertThat(page().getPageSource()).doesNotContain(TestData.CPF).doesNotContain("@example");
    browser.screenshot("console");
  }

  @Test
  @Order(4)
  void theDocsPageSignsInThroughTryItOutAndReadsAUser() {
    String nick = TestData.nick("reader");
    HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, "reader-password-1"));
    assertThat(created.statusCode()).isEqualTo(201);
    int userId = created.bodyAsJsonObject().getInteger("user_id");
    page().get(base + "/docs/");
    WebDriverWait wait = within(page(), Duration.ofSeconds(20));

    WebElement login = wait.until(d -> d.findElement(By.id("operations-auth-login")));
    login.findElement(By.cssSelector(".opblock-summary-control")).click();
    WebElement body = wait.until(d -> login.findElement(By.cssSelector("textarea.body-param__text")));
    body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    body.sendKeys(new JsonObject().put("nick_name", nick).put("password", "reader-password-1").encode());
    login.findElement(By.cssSelector("button.execute")).click();
    String answer = wait.until(d -> {
      var code = login.findElements(By.cssSelector(".live-responses-table tr.response .response-col_status"));
      return !code.isEmpty() && code.get(0).getText().startsWith("200")
          ? login.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description .highlight-code pre")).getText() : null;
    });
    String token = new JsonObject(answer).getString("access_token");
    assertThat(token).isNotBlank();

    page().findElement(By.cssSelector(".auth-wrapper button.authorize")).click();
    WebElement modal = wait.until(d -> d.findElement(By.cssSelector(".modal-ux")));
    modal.findElement(By.cssSelector("input")).sendKeys(token);
    modal.findElement(By.cssSelector("button.authorize")).click();
    modal.findElement(By.cssSelector("button.btn-done")).click();

    WebElement read = wait.until(d -> d.findElement(By.id("operations-users-getUser")));
    read.findElement(By.cssSelector(".opblock-summary-control")).click();
    WebElement id = wait.until(d -> read.findElement(By.cssSelector("input[placeholder='id']")));
    id.sendKeys(Integer.toString(userId));
    read.findElement(By.cssSelector("button.execute")).click();
    String user = wait.until(d -> {
      var code = read.findElements(By.cssSelector(".live-responses-table tr.response .response-col_status"));
      return !code.isEmpty() && code.get(0).getText().startsWith("200")
          ? read.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description .highlight-code pre")).getText() : null;
    });
    assertThat(new JsonObject(user).getString("nick_name")).isEqualTo(nick);
    browser.screenshot("docs");
  }

  @Test
  @Order(5)
  void thePageSaysSoWhenThePongConsumerStops() {
    openConsole();
    Await.result(pong.close());
    pong = null;
    within(page(), Duration.ofSeconds(15)).until(d -> "DOWN".equals(serviceState(d, "pong")));
    WebElement banner = page().findElement(By.id("banner"));
    assertThat(banner.isDisplayed()).isTrue();
    assertThat(banner.getText()).contains("pong");
    browser.screenshot("console-pong-down");
  }
}
