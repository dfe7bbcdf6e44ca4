/**
 * {@code vigil demo-feed}: realistic synthetic ELR and VXU traffic (several labs, seasonal curves,
 * an injected county outbreak, late and malformed reports) for seeing the whole pipeline work.
 * Every patient is fictional.
 */
package io.vigil.hub.demo;
