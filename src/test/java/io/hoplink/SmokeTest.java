package io.hoplink;
import org.junit.jupiter.api.Test;
class SmokeTest { @Test void ok() {} }
