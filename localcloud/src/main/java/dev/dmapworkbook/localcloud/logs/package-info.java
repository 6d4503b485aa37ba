/** CloudWatch Logs (awsJson 1.1, {@code Logs_20140328}): log groups, streams and events kept on disk; Lambda writes its invocation logs here. */
package dev.dmapworkbook.localcloud.logs;
