/** The workshop's HighPrecipitation Lambda: per NOAA station, the highest daily precipitation, written to DynamoDB. */
package dev.dmapworkbook.lambda;
