"""A phone that vanishes without a BYE (frozen: no RTP, no RTCP) is noticed after the
trunk's rtp_timeout_s, and the web user is told why the call ended."""

from contract import SIDE_GATEWAY, assert_end
from tones import tone48k

PHONE = "5551001"


def test_silent_trunk_ends_the_call_with_media_timeout(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address, trunk_options={"rtp_timeout_s": 5})
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    phone.freeze()
    end = call.wait_state("hung_up", timeout=15)
    assert_end(end, "hung_up", "media_timeout", SIDE_GATEWAY)
    call.wait_state("closed")
    record = gateway.wait_record(PHONE)
    assert record["cause"] == "media_timeout" and record["hangupSide"] == "gateway", record
