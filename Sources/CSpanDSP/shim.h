// Only the G.722 codec of spandsp. The umbrella <spandsp.h> would also pull in the fax
// modules and with them libtiff's headers; telephony.h (SPAN_DECLARE) needs stdint first.
#include <stdint.h>
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
