/** Tidelake streaming-reader: placeholder until its issue lands. */
package io.tidelake.streaming;
