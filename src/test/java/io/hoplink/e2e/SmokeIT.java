package io.hoplink.e2e;
import org.junit.jupiter.api.Test;
class SmokeIT { @Test void ok() {} }
