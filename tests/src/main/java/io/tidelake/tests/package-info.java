/** Tidelake tests: placeholder until its issue lands. */
package io.tidelake.tests;
