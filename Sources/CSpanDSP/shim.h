// Only the parts of spandsp used here: the G.722 codec, the DTMF receiver and the packet
// loss concealer (plc.h needs nothing beyond telephony.h). The umbrella <spandsp.h> would
// also pull in the fax modules and with them libtiff's headers.
// telephony.h (SPAN_DECLARE) needs stdint first; dtmf.h uses size_t, logging_state_t and
// tone_report_func_t (declared in super_tone_rx.h) without including their headers.
#include <stddef.h>
#include <stdint.h>
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
#include <spandsp/logging.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
#include <spandsp/plc.h>
