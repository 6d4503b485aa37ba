/** DynamoDB: AWS's own DynamoDB Local engine, embedded in-process and reached through the edge or {@code call}. */
package dev.dmapworkbook.localcloud.dynamodb;
