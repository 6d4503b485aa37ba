/** Tiny Lambda handlers packaged into a zip by the tests: echo, failures of every kind, a broken initializer. */
package dev.dmapworkbook.localcloud.lambda.testfn;
