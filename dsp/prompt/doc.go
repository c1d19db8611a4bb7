// Package prompt reads voice prompts and builds announcements from them.
//
// ReadWAV and Load decode RIFF/WAVE files: G.711 μ-law or A-law, or 8/16-bit linear
// PCM, mono or stereo (mixed down), at any rate from 4 kHz to 192 kHz (resampled to
// 8 kHz with a windowed-sinc filter). Errors name the file and the problem; no input
// makes them panic.
//
// A Set is one language's prompt directory (prompts/en, prompts/zh, made by
// prompts/generate.sh); Agent and Queue give the clip names of the number
// announcements ("agent eight zero one at your service", "you are number three in the
// queue") in English and Mandarin, and Set.Concat joins them. A Player plays samples
// frame by frame.
package prompt
