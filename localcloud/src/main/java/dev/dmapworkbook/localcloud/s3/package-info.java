/** S3 over local files: the REST-XML wire layer, an HTTP-free object store with versions and multipart uploads, and S3's errors. */
package dev.dmapworkbook.localcloud.s3;
