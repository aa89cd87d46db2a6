/** Tidelake merge: placeholder until its issue lands. */
package io.tidelake.merge;
