// Package alsa is the real voice path of a Raspberry Pi-class carrier: the card's PCM bus
// (PCLK, FSYNC, DTX, DRX) on the SoC's PCM/I2S block, moved by the kernel's ALSA driver and
// read and written here one 10 ms period at a time through github.com/gen2brain/alsa (pure Go,
// ioctl on /dev/snd/pcmC*D*). PCM implements hal.PCM; its periods are the system's frame clock.
//
// # The choice
//
// The Pi's bcm2835-i2s ALSA driver carries exactly two channels, with 16-bit samples (it has no
// 8-bit, μ-law or A-law formats; hardware.md §8.2). This path therefore claims two voice ports.
// Timeslots keep the chips' 8-bit numbering (start count 8 × slot), and each 16-bit channel
// spans two of them:
//
//	ALSA channel  bits of the 32-bit frame   port timeslot (start count)   other slot
//	0             0..15                      0 (0)                         1, unused
//	1             16..31                     2 (16)                        3, unused
//
// One frame is 32 PCLK cycles at 8 kHz (PCLK = 256 kHz, one of the rates the chips accept). Each
// ALSA frame holds the two channels interleaved as S16_LE samples: sample i of channel c is
// element i×2 + c of a period buffer. Start counts are relative to FSYNC as the DSP-A format
// presents it [unv: the one-clock data delay of the I2S/DSP-A formats against the chips' start
// count must be checked on the bench]. Laying four 8-bit companded slots
// into each 32-bit ALSA channel would carry eight ports, but that is unproven (hardware.md §8.4),
// so it is not claimed.
//
// The rest of the system exchanges G.711 bytes per slot (hal.PCM). For a chip in 16-bit linear
// mode (SlotFormat Linear16: the VoiceDAA, reg 33 PCMF = 11) Transfer expands and compresses with
// the codec the board passes in (Opts.Encode, Opts.Decode), so hal does not depend on the DSP
// packages. A chip whose linear mode is unconfirmed (the ProSLIC, hardware.md §4.1) keeps its 8-bit
// companded slot at the start of the channel (SlotFormat Companded8): its byte is the high byte
// of the 16-bit sample and passes through untouched.
//
// # Running
//
// The chips clock themselves from PCLK, so the streams are opened once, started before the chips
// are reset and probed, and never stopped while the process runs. The period is 80 samples
// (10 ms) with a ring of four periods; playback is primed with two periods of silence. An XRUN
// (EPIPE) is recovered by re-preparing both streams and priming again; Xruns counts them. Where
// there is no /dev/snd, Open fails at once with a clear error.
package alsa
